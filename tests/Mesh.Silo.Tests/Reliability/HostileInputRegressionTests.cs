using System.Net;
using Mesh.Silo.Tests.Infrastructure;
using Mesh.Testing;

namespace Mesh.Silo.Tests.Reliability;

/// <summary>What the hostile corpus found, one case each: 500s, answers that named .NET types or the wrong thing.</summary>
[Collection(EmbeddedSiloCollection.Name)]
public sealed class HostileInputRegressionTests(EmbeddedSiloFixture fixture)
{
    private HttpClient Http => fixture.Http;

    private static string NewService() => $"svc-{Guid.NewGuid():N}"[..20];

    private async Task<(string Path, string Message)> RefusedAsync(HttpMethod method, string path, string json)
    {
        using var request = new HttpRequestMessage(method, new Uri(path, UriKind.Relative)) { Content = ApiClient.Json(json) };
        using var response = await Http.SendAsync(request);
        var problem = await response.ReadJsonAsync(HttpStatusCode.BadRequest);
        var error = Assert.Single(problem["errors"]!.AsObject());
        return (error.Key, error.Value![0]!.GetValue<string>());
    }

    [Theory]
    [InlineData("""{"routes":[{"name":"a","destinations":[{"subset":"v1","weight":90},null]}]}""", "routes[0].destinations[1]", "must be an object")]
    [InlineData("""{"routes":[{"name":"a","timeout":"999999999h","destinations":[{"subset":"v1"}]}]}""", "routes[0].timeout", "must be a duration from 1ms to 1h such as 250ms, 2s or 1m")]
    [InlineData("""{"routes":[{"name":"a","fault":{"abort":{"percent":"5","httpStatus":503}},"destinations":[{"subset":"v1"}]}]}""", "routes[0].fault.abort.percent", "must be a number")]
    [InlineData("""{"routes":[{"name":"a","match":{"path":"/api"},"destinations":[{"subset":"v1"}]}]}""", "routes[0].match.path", "must be an object")]
    [InlineData("""{"routes":[{"name":"a","match":{"headers":{"x y":{"exact":1}}},"destinations":[{"subset":"v1"}]}]}""", "routes[0].match.headers.x y.exact", "must be a string")]
    [InlineData("""{"routes":[],"it's":1}""", "it's", "unknown property 'it's'")]
    [InlineData("""{"routes":[{"name":"a","match":{"headers":{"x":{"regex":"(a|aa|aaa|aaaa){500}"}}},"destinations":[{"subset":"v1"}]}]}""", "routes[0].match.headers.x.regex", "repeats up to 500 times; counted repetitions are limited to 100")]
    public async Task PutRoutes_FormerlyMishandled_Is400NamingTheFieldInTheDocumentsOwnWords(string json, string path, string message)
    {
        var service = NewService();

        var error = await RefusedAsync(HttpMethod.Put, $"/api/v1/services/{service}/routes", json);

        Assert.Equal((path, message), error);
    }

    [Theory]
    [InlineData("""{"outlierDetection":{"consecutive5xx":5,"interval":"999999999h"}}""", "outlierDetection.interval", "must be a duration from 1ms to 1h such as 250ms, 5s or 1m")]
    [InlineData("""{"healthCheck":{"path":"/healthz","interval":"999999999h"}}""", "healthCheck.interval", "must be a duration from 1ms to 1h such as 250ms, 5s or 1m")]
    [InlineData("""{"subsets":[{"labels":{"version":"v1"}}]}""", "subsets[0].name", "is required")]
    [InlineData("""{"subsets":[{"name":"v1","labels":{"version":1}}]}""", "subsets[0].labels.version", "must be a string")]
    [InlineData("""{"subsets":[{"name":"v1","labels":[]}]}""", "subsets[0].labels", "must be an object of string values")]
    public async Task PutPolicy_FormerlyMishandled_Is400NamingTheFieldInTheDocumentsOwnWords(string json, string path, string message)
    {
        var error = await RefusedAsync(HttpMethod.Put, $"/api/v1/services/{NewService()}/policy", json);

        Assert.Equal((path, message), error);
    }

    [Fact]
    public async Task PutRoutes_RegexWithinTheRepetitionLimit_AndEscapedBraces_IsAccepted()
    {
        const string Json = """{"routes":[{"name":"a","match":{"headers":{"x":{"regex":"v[0-9]{1,100}\\{500\\}"}}},"destinations":[{"subset":"v1"}]}]}""";

        using var response = await Http.PutJsonAsync($"/api/v1/services/{NewService()}/routes", Json);

        var stored = await response.ReadJsonAsync(HttpStatusCode.OK);
        Assert.Equal("v[0-9]{1,100}\\{500\\}", stored["routes"]![0]!["match"]!["headers"]!["x"]!["regex"]!.GetValue<string>());
    }

    [Fact]
    public async Task Rollback_UnknownPropertyWithASpace_IsNamedAsWritten()
    {
        var service = NewService();
        (await Http.PutJsonAsync($"/api/v1/services/{service}/routes", """{"routes":[]}""")).Dispose();

        var error = await RefusedAsync(HttpMethod.Post, $"/api/v1/services/{service}/routes/rollback", """{"toVersion ":1}""");

        Assert.Equal(("toVersion ", "unknown property 'toVersion '"), error);
    }

    [Theory]
    [InlineData("-e1")]
    [InlineData("e%201")]
    [InlineData("e%E2%80%8B1")]
    public async Task DeleteEndpoint_IdBreakingTheRules_Is400NamingTheId(string id)
    {
        var service = NewService();
        (await Http.PutJsonAsync($"/api/v1/services/{service}/endpoints/e-1", """{"address":"http://127.0.0.1:9001"}""")).Dispose();

        using var response = await Http.DeleteAsync(new Uri($"/api/v1/services/{service}/endpoints/{id}", UriKind.Relative));

        Assert.Equal(["id"], await response.ReadValidationErrorsAsync());
        Assert.Single((await Http.GetJsonAsync($"/api/v1/services/{service}"))["endpoints"]!.AsArray());
    }

    [Fact]
    public async Task PutRoutes_NullDestination_StoresNothing()
    {
        var service = NewService();
        (await Http.PutJsonAsync($"/api/v1/services/{service}/routes", """{"routes":[]}""")).Dispose();

        using var response = await Http.PutJsonAsync($"/api/v1/services/{service}/routes", """{"routes":[{"name":"a","destinations":[null]}]}""");

        Assert.Equal(["routes[0].destinations[0]"], await response.ReadValidationErrorsAsync());
        var current = await Http.GetJsonAsync($"/api/v1/services/{service}/routes");
        Assert.Equal((1L, 0), (current["resourceVersion"]!.GetValue<long>(), current["routes"]!.AsArray().Count));
    }
}
