using System.Net;
using System.Text.Json.Nodes;
using Mesh.Silo.Tests.Infrastructure;
using Mesh.Testing;

namespace Mesh.Silo.Tests.Api;

[Collection(EmbeddedSiloCollection.Name)]
public sealed class PolicyApiTests(EmbeddedSiloFixture fixture)
{
    private const string Example = """
        {"subsets":[{"name":"v1","labels":{"version":"v1"}},{"name":"v2","labels":{"version":"v2"}}],
         "loadBalancer":{"algorithm":"least-request"},
         "circuitBreaker":{"maxConcurrentRequests":100,"maxPendingRequests":50},
         "outlierDetection":{"consecutive5xx":5,"interval":"10s","baseEjectionTime":"30s","maxEjectionPercent":50},
         "healthCheck":{"path":"/healthz","interval":"5s","unhealthyThreshold":3,"healthyThreshold":2},
         "rateLimit":{"requestsPerSecond":100,"burst":20,"scope":"instance"}}
        """;

    private HttpClient Http => fixture.Http;

    private static string NewService() => $"svc-{Guid.NewGuid():N}"[..20];

    [Fact]
    public async Task Put_TheIssuesExample_IsStoredWithItsOwnVersion_AndEndpointChangesDoNotMoveIt()
    {
        var service = NewService();

        using var put = await Http.PutJsonAsync($"/api/v1/services/{service}/policy", Example);
        var stored = await put.ReadJsonAsync(HttpStatusCode.OK);
        (await Http.PutJsonAsync($"/api/v1/services/{service}/endpoints/b-1", """{"address":"http://127.0.0.1:9001","labels":{"version":"v1"}}""")).Dispose();
        var read = await Http.GetJsonAsync($"/api/v1/services/{service}/policy");

        Assert.Equal(1, stored["resourceVersion"]!.GetValue<long>());
        var expected = JsonNode.Parse(Example)!.AsObject();
        expected["resourceVersion"] = 1;
        Assert.True(JsonNode.DeepEquals(expected, read), $"read {read}");
    }

    [Theory]
    [InlineData("""{"loadBalancer":{"algorithm":"fastest"}}""", "loadBalancer.algorithm")]
    [InlineData("""{"loadBalancer":{"algorithm":"consistent-hash"}}""", "loadBalancer.hashOn")]
    [InlineData("""{"circuitBreaker":{"maxConcurrentRequests":0}}""", "circuitBreaker.maxConcurrentRequests")]
    [InlineData("""{"outlierDetection":{"consecutive5xx":5,"interval":"often"}}""", "outlierDetection.interval")]
    [InlineData("""{"healthCheck":{"path":"healthz"}}""", "healthCheck.path")]
    [InlineData("""{"rateLimit":{"requestsPerSecond":10,"scope":"galaxy"}}""", "rateLimit.scope")]
    [InlineData("""{"subsets":[{"name":"v1","labels":{}}]}""", "subsets[0].labels")]
    [InlineData("""{"subsets":[{"name":"v1","labels":{"version":"v1"}},{"name":"v1","labels":{"version":"v2"}}]}""", "subsets[1].name")]
    [InlineData("""{"retries":{}}""", "retries")]
    public async Task Put_Invalid_Returns400NamingTheFieldAndStoresNothing(string json, string path)
    {
        var service = NewService();
        (await Http.PutJsonAsync($"/api/v1/services/{service}/policy", "{}")).Dispose();

        using var response = await Http.PutJsonAsync($"/api/v1/services/{service}/policy", json);

        Assert.Contains(path, await response.ReadValidationErrorsAsync());
        Assert.Equal(1, (await Http.GetJsonAsync($"/api/v1/services/{service}/policy"))["resourceVersion"]!.GetValue<long>());
    }

    [Fact]
    public async Task Put_StaleIfMatch_Returns412_AndRollbackRestoresAnEarlierVersion()
    {
        var service = NewService();
        (await Http.PutJsonAsync($"/api/v1/services/{service}/policy", """{"loadBalancer":{"algorithm":"random"}}""")).Dispose();
        (await Http.PutJsonAsync($"/api/v1/services/{service}/policy", """{"loadBalancer":{"algorithm":"least-request"}}""", ifMatch: "\"1\"")).Dispose();

        using var stale = await Http.PutJsonAsync($"/api/v1/services/{service}/policy", "{}", ifMatch: "\"1\"");
        using var rollback = await Http.PostJsonAsync($"/api/v1/services/{service}/policy/rollback", """{"toVersion":1}""");

        Assert.Equal(HttpStatusCode.PreconditionFailed, stale.StatusCode);
        var restored = await rollback.ReadJsonAsync(HttpStatusCode.OK);
        Assert.Equal((3L, "random"), (restored["resourceVersion"]!.GetValue<long>(), restored["loadBalancer"]!["algorithm"]!.GetValue<string>()));
        var history = (await Http.GetJsonAsync($"/api/v1/services/{service}/policy/history")).AsArray();
        Assert.Equal([3L, 2L, 1L], history.Select(h => h!["version"]!.GetValue<long>()));
        Assert.StartsWith("rollback to version 1", history[0]!["summary"]!.GetValue<string>(), StringComparison.Ordinal);
    }
}
