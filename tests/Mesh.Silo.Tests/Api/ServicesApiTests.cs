using System.Net;
using Mesh.Silo.Tests.Infrastructure;
using Mesh.Testing;

namespace Mesh.Silo.Tests.Api;

[Collection(EmbeddedSiloCollection.Name)]
public sealed class ServicesApiTests(EmbeddedSiloFixture fixture)
{
    private HttpClient Http => fixture.Http;

    private static string NewService() => $"svc-{Guid.NewGuid():N}"[..20];

    private static string Endpoint(int port, string version) =>
        $$$"""{"address":"http://127.0.0.1:{{{port}}}","labels":{"version":"{{{version}}}"}}""";

    [Fact]
    public async Task PutEndpoint_ThenGetService_ShowsTheEndpoint()
    {
        var service = NewService();

        using var put = await Http.PutJsonAsync($"/api/v1/services/{service}/endpoints/b-1", Endpoint(9001, "v1"));
        var body = await Http.GetJsonAsync($"/api/v1/services/{service}");

        await put.ReadJsonAsync(HttpStatusCode.OK);
        Assert.Equal(service, body["name"]!.GetValue<string>());
        var endpoint = Assert.Single(body["endpoints"]!.AsArray())!;
        Assert.Equal("b-1", endpoint["id"]!.GetValue<string>());
        Assert.Equal("http://127.0.0.1:9001", endpoint["address"]!.GetValue<string>());
        Assert.Equal("v1", endpoint["labels"]!["version"]!.GetValue<string>());
        Assert.True(endpoint["healthy"]!.GetValue<bool>());
        Assert.Equal("api", endpoint["source"]!.GetValue<string>());
        Assert.NotNull(body["settings"]);
    }

    [Fact]
    public async Task ListServices_CountsEndpointsAndListsVersions()
    {
        var service = NewService();
        (await Http.PutJsonAsync($"/api/v1/services/{service}/endpoints/b-1", Endpoint(9001, "v1"))).Dispose();
        (await Http.PutJsonAsync($"/api/v1/services/{service}/endpoints/b-2", Endpoint(9002, "v1"))).Dispose();
        (await Http.PutJsonAsync($"/api/v1/services/{service}/endpoints/b-3", Endpoint(9003, "v2"))).Dispose();

        var list = (await Http.GetJsonAsync("/api/v1/services")).AsArray();

        var entry = list.Single(s => s!["name"]!.GetValue<string>() == service)!;
        Assert.Equal(3, entry["endpoints"]!.GetValue<int>());
        Assert.Equal(3, entry["healthyEndpoints"]!.GetValue<int>());
        Assert.Equal(["v1", "v2"], entry["versions"]!.AsArray().Select(v => v!.GetValue<string>()));
    }

    [Theory]
    [InlineData("""{"address":"not a url","labels":{"version":"v1"}}""", "address")]
    [InlineData("""{"labels":{"version":"v1"}}""", "address")]
    [InlineData("""{"address":"http://127.0.0.1:9001","labels":{"version":"v 1"}}""", "labels.version")]
    [InlineData("""{"address":"http://127.0.0.1:9001","labels":{"version":1}}""", "labels.version")]
    [InlineData("""{"address":"http://127.0.0.1:9001","weight":3}""", "weight")]
    public async Task PutEndpoint_Invalid_Returns400NamingTheFieldAndStoresNothing(string json, string path)
    {
        var service = NewService();
        (await Http.PutJsonAsync($"/api/v1/services/{service}/endpoints/b-1", Endpoint(9001, "v1"))).Dispose();

        using var response = await Http.PutJsonAsync($"/api/v1/services/{service}/endpoints/b-2", json);

        Assert.Equal([path], await response.ReadValidationErrorsAsync());
        var body = await Http.GetJsonAsync($"/api/v1/services/{service}");
        Assert.Equal("b-1", Assert.Single(body["endpoints"]!.AsArray())!["id"]!.GetValue<string>());
        Assert.Equal(1, body["resourceVersion"]!.GetValue<long>());
    }

    [Fact]
    public async Task PutEndpoint_InvalidId_Returns400NamingTheId()
    {
        using var response = await Http.PutJsonAsync($"/api/v1/services/{NewService()}/endpoints/bad%20id", Endpoint(9001, "v1"));

        Assert.Equal(["id"], await response.ReadValidationErrorsAsync());
    }

    [Fact]
    public async Task DeleteEndpoint_RemovesIt_ThenIs404()
    {
        var service = NewService();
        (await Http.PutJsonAsync($"/api/v1/services/{service}/endpoints/b-1", Endpoint(9001, "v1"))).Dispose();

        using var deleted = await Http.DeleteAsync(new Uri($"/api/v1/services/{service}/endpoints/b-1", UriKind.Relative));
        using var again = await Http.DeleteAsync(new Uri($"/api/v1/services/{service}/endpoints/b-1", UriKind.Relative));

        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, again.StatusCode);
        Assert.Empty((await Http.GetJsonAsync($"/api/v1/services/{service}"))["endpoints"]!.AsArray());
    }

    [Fact]
    public async Task GetService_Unknown_Returns404()
    {
        using var response = await Http.GetAsync(new Uri($"/api/v1/services/{NewService()}", UriKind.Relative));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task ListProxies_IsAJsonArray()
    {
        var proxies = await Http.GetJsonAsync("/api/v1/proxies");

        Assert.Equal(System.Text.Json.JsonValueKind.Array, proxies.GetValueKind());
    }
}
