using System.Net;
using Mesh.Silo.Tests.Infrastructure;
using Mesh.Testing;

namespace Mesh.Silo.Tests.Api;

[Collection(EmbeddedSiloCollection.Name)]
public sealed class RoutesApiTests(EmbeddedSiloFixture fixture)
{
    private const string NinetyTen = """{"routes":[{"name":"default","destinations":[{"subset":"v1","weight":90},{"subset":"v2","weight":10}]}]}""";
    private const string EightyTwenty = """{"routes":[{"name":"default","destinations":[{"subset":"v1","weight":80},{"subset":"v2","weight":20}]}]}""";

    private HttpClient Http => fixture.Http;

    private static string NewService() => $"svc-{Guid.NewGuid():N}"[..20];

    private async Task<string> ServiceWithRoutesAsync()
    {
        var service = NewService();
        using var response = await Http.PutJsonAsync($"/api/v1/services/{service}/routes", NinetyTen);
        await response.ReadJsonAsync(HttpStatusCode.OK);
        return service;
    }

    [Fact]
    public async Task Put_ValidSplit_Returns200WithTheStoredDocumentAndVersion()
    {
        var service = NewService();

        using var response = await Http.PutJsonAsync($"/api/v1/services/{service}/routes", NinetyTen);

        var body = await response.ReadJsonAsync(HttpStatusCode.OK);
        Assert.Equal(1, body["resourceVersion"]!.GetValue<long>());
        Assert.Equal("\"1\"", response.Headers.ETag?.Tag);
        Assert.Equal(ApiClient.Canonical(System.Text.Json.Nodes.JsonNode.Parse(NinetyTen)!["routes"]), ApiClient.Canonical(body["routes"]));
    }

    [Fact]
    public async Task Get_AfterTwoPuts_ReturnsTheLatestDocumentVersionAndETag()
    {
        var service = await ServiceWithRoutesAsync();
        (await Http.PutJsonAsync($"/api/v1/services/{service}/routes", EightyTwenty)).Dispose();

        using var response = await Http.GetAsync(new Uri($"/api/v1/services/{service}/routes", UriKind.Relative));

        var body = await response.ReadJsonAsync(HttpStatusCode.OK);
        Assert.Equal(2, body["resourceVersion"]!.GetValue<long>());
        Assert.Equal("\"2\"", response.Headers.ETag?.Tag);
        Assert.Equal(80, body["routes"]![0]!["destinations"]![0]!["weight"]!.GetValue<int>());
    }

    [Fact]
    public async Task Put_EmptyRoutes_IsAcceptedAsNoRules()
    {
        var service = await ServiceWithRoutesAsync();

        using var response = await Http.PutJsonAsync($"/api/v1/services/{service}/routes", """{"routes":[]}""");

        var body = await response.ReadJsonAsync(HttpStatusCode.OK);
        Assert.Empty(body["routes"]!.AsArray());
    }

    [Theory]
    [InlineData("{}", "routes")]
    [InlineData("""{"routes":[],"extra":1}""", "extra")]
    [InlineData("""{"routes":[{"name":"a","destinations":[{"subset":"v1","weight":100,"color":"red"}]}]}""", "routes[0].destinations[0].color")]
    [InlineData("""{"routes":[{"name":"a","destinations":[{"weight":100}]}]}""", "routes[0].destinations[0].subset")]
    [InlineData("""{"routes":[{"name":"a","destinations":[{"subset":"v1","weight":90},{"subset":"v2","weight":5}]}]}""", "routes[0].destinations")]
    [InlineData("""{"routes":[{"name":"a","destinations":[{"subset":"v1","weight":-5},{"subset":"v2","weight":105}]}]}""", "routes[0].destinations[0].weight")]
    [InlineData("""{"routes":[{"name":"a","destinations":[{"subset":"v1","weight":87},{"subset":"v2","weight":12.5}]}]}""", "routes[0].destinations[1].weight")]
    [InlineData("""{"routes":[{"name":"a","destinations":[{"subset":"v1","weight":"100"}]}]}""", "routes[0].destinations[0].weight")]
    [InlineData("""{"routes":[{"name":"a","destinations":[{"subset":"v1"}]},{"name":"a","destinations":[{"subset":"v2"}]}]}""", "routes[1].name")]
    [InlineData("""{"routes":[{"destinations":[{"subset":"v1"}]}]}""", "routes[0].name")]
    [InlineData("""{"routes":{"name":"a"}}""", "routes")]
    [InlineData("""{"routes":[""", "$")]
    [InlineData("""[]""", "$")]
    [InlineData("""{"routes":[],"routes":[]}""", "routes")]
    [InlineData("""{"Routes":[]}""", "Routes")]
    public async Task Put_InvalidDocument_Returns400NamingTheFieldAndStoresNothing(string json, string path)
    {
        var service = await ServiceWithRoutesAsync();
        var before = await Http.GetJsonAsync($"/api/v1/services/{service}/routes");

        using var response = await Http.PutJsonAsync($"/api/v1/services/{service}/routes", json);

        Assert.Contains(path, await response.ReadValidationErrorsAsync());
        var after = await Http.GetJsonAsync($"/api/v1/services/{service}/routes");
        Assert.Equal(ApiClient.Canonical(before), ApiClient.Canonical(after));
        Assert.Single((await Http.GetJsonAsync($"/api/v1/services/{service}/routes/history")).AsArray());
    }

    [Fact]
    public async Task Put_EveryErrorOfADocument_IsReportedTogether()
    {
        var service = await ServiceWithRoutesAsync();

        using var response = await Http.PutJsonAsync($"/api/v1/services/{service}/routes",
            """{"routes":[{"name":"a","destinations":[{"weight":100}]},{"name":"a","destinations":[{"subset":"v1","weight":60},{"subset":"v2","weight":60}]}]}""");

        Assert.Equal(["routes[0].destinations[0].subset", "routes[1].name", "routes[1].destinations"], await response.ReadValidationErrorsAsync());
    }

    [Fact]
    public async Task Put_BodyOverTheSizeLimit_Returns400()
    {
        var service = await ServiceWithRoutesAsync();
        var huge = $$"""{"routes":[],"padding":"{{new string('x', 2 * 1024 * 1024)}}"}""";

        using var response = await Http.PutJsonAsync($"/api/v1/services/{service}/routes", huge);

        Assert.Equal(["$"], await response.ReadValidationErrorsAsync());
        Assert.Equal(1, (await Http.GetJsonAsync($"/api/v1/services/{service}/routes"))["resourceVersion"]!.GetValue<long>());
    }

    [Fact]
    public async Task Put_DeeplyNestedBody_Returns400()
    {
        var service = await ServiceWithRoutesAsync();
        var deep = "{\"routes\":" + string.Concat(Enumerable.Repeat("[", 200)) + string.Concat(Enumerable.Repeat("]", 200)) + "}";

        using var response = await Http.PutJsonAsync($"/api/v1/services/{service}/routes", deep);

        Assert.Equal(["$"], await response.ReadValidationErrorsAsync());
    }

    [Fact]
    public async Task Put_InvalidServiceName_Returns400NamingTheService()
    {
        using var response = await Http.PutJsonAsync("/api/v1/services/Not_Valid/routes", NinetyTen);

        Assert.Equal(["service"], await response.ReadValidationErrorsAsync());
    }

    [Fact]
    public async Task Put_StaleIfMatch_Returns412NamingTheCurrentVersionAndChangesNothing()
    {
        var service = await ServiceWithRoutesAsync();
        (await Http.PutJsonAsync($"/api/v1/services/{service}/routes", EightyTwenty, ifMatch: "\"1\"")).Dispose();

        using var response = await Http.PutJsonAsync($"/api/v1/services/{service}/routes", NinetyTen, ifMatch: "\"1\"");

        var problem = await response.ReadJsonAsync(HttpStatusCode.PreconditionFailed);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(2, problem["currentVersion"]!.GetValue<long>());
        Assert.Equal("api", problem["modifiedBy"]!.GetValue<string>());
        var current = await Http.GetJsonAsync($"/api/v1/services/{service}/routes");
        Assert.Equal(2, current["resourceVersion"]!.GetValue<long>());
        Assert.Equal(80, current["routes"]![0]!["destinations"]![0]!["weight"]!.GetValue<int>());
    }

    [Fact]
    public async Task Put_ResourceVersionInTheBody_IsAPreconditionLikeIfMatch()
    {
        var service = await ServiceWithRoutesAsync();
        var read = await Http.GetJsonAsync($"/api/v1/services/{service}/routes");
        read["routes"]![0]!["destinations"]![0]!["weight"] = 70;
        read["routes"]![0]!["destinations"]![1]!["weight"] = 30;

        using var first = await Http.PutJsonAsync($"/api/v1/services/{service}/routes", read.ToJsonString());
        using var second = await Http.PutJsonAsync($"/api/v1/services/{service}/routes", read.ToJsonString());

        Assert.Equal(2, (await first.ReadJsonAsync(HttpStatusCode.OK))["resourceVersion"]!.GetValue<long>());
        Assert.Equal(HttpStatusCode.PreconditionFailed, second.StatusCode);
    }

    [Theory]
    [InlineData("abc")]
    [InlineData("\"1\", \"2\"")]
    public async Task Put_MalformedIfMatch_Returns400(string ifMatch)
    {
        var service = await ServiceWithRoutesAsync();

        using var response = await Http.PutJsonAsync($"/api/v1/services/{service}/routes", EightyTwenty, ifMatch);

        Assert.Equal(["If-Match"], await response.ReadValidationErrorsAsync());
    }

    [Fact]
    public async Task Get_UnknownService_Returns404Problem()
    {
        using var response = await Http.GetAsync(new Uri($"/api/v1/services/{NewService()}/routes", UriKind.Relative));

        await response.ReadJsonAsync(HttpStatusCode.NotFound);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task History_ListsVersionsNewestFirstWithWhoWhenAndSummary()
    {
        var service = await ServiceWithRoutesAsync();
        (await Http.PutJsonAsync($"/api/v1/services/{service}/routes", EightyTwenty)).Dispose();

        var history = (await Http.GetJsonAsync($"/api/v1/services/{service}/routes/history")).AsArray();

        Assert.Equal([2L, 1L], history.Select(h => h!["version"]!.GetValue<long>()));
        Assert.All(history, h => Assert.Equal("api", h!["who"]!.GetValue<string>()));
        Assert.Equal("default: v1 80%, v2 20%", history[0]!["summary"]!.GetValue<string>());
        Assert.True(history[0]!["when"]!.GetValue<DateTimeOffset>() >= history[1]!["when"]!.GetValue<DateTimeOffset>());
    }

    [Fact]
    public async Task HistoryVersion_ReturnsThatVersionsDocument_UnknownIs404()
    {
        var service = await ServiceWithRoutesAsync();
        (await Http.PutJsonAsync($"/api/v1/services/{service}/routes", EightyTwenty)).Dispose();

        var first = await Http.GetJsonAsync($"/api/v1/services/{service}/routes/history/1");
        await Http.GetJsonAsync($"/api/v1/services/{service}/routes/history/9", HttpStatusCode.NotFound);

        Assert.Equal(1, first["version"]!.GetValue<long>());
        Assert.Equal(90, first["routes"]![0]!["destinations"]![0]!["weight"]!.GetValue<int>());
    }

    [Fact]
    public async Task Rollback_WritesANewVersionEqualToTheOldOne()
    {
        var service = await ServiceWithRoutesAsync();
        (await Http.PutJsonAsync($"/api/v1/services/{service}/routes", EightyTwenty)).Dispose();

        using var response = await Http.PostJsonAsync($"/api/v1/services/{service}/routes/rollback", """{"toVersion":1}""");

        var body = await response.ReadJsonAsync(HttpStatusCode.OK);
        Assert.Equal(3, body["resourceVersion"]!.GetValue<long>());
        var version1 = await Http.GetJsonAsync($"/api/v1/services/{service}/routes/history/1");
        Assert.Equal(ApiClient.Canonical(version1["routes"]), ApiClient.Canonical(body["routes"]));
        var history = (await Http.GetJsonAsync($"/api/v1/services/{service}/routes/history")).AsArray();
        Assert.StartsWith("rollback to version 1", history[0]!["summary"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{}""", "toVersion")]
    [InlineData("""{"toVersion":42}""", "toVersion")]
    [InlineData("""{"toVersion":"1"}""", "toVersion")]
    [InlineData("""{"version":1}""", "version")]
    public async Task Rollback_Invalid_Returns400AndChangesNothing(string json, string path)
    {
        var service = await ServiceWithRoutesAsync();

        using var response = await Http.PostJsonAsync($"/api/v1/services/{service}/routes/rollback", json);

        Assert.Equal([path], await response.ReadValidationErrorsAsync());
        Assert.Equal(1, (await Http.GetJsonAsync($"/api/v1/services/{service}/routes"))["resourceVersion"]!.GetValue<long>());
    }

    [Fact]
    public async Task Rollback_StaleIfMatch_Returns412()
    {
        var service = await ServiceWithRoutesAsync();
        (await Http.PutJsonAsync($"/api/v1/services/{service}/routes", EightyTwenty)).Dispose();

        using var response = await Http.PostJsonAsync($"/api/v1/services/{service}/routes/rollback", """{"toVersion":1}""", ifMatch: "\"1\"");

        Assert.Equal(HttpStatusCode.PreconditionFailed, response.StatusCode);
        Assert.Equal(2, (await Http.GetJsonAsync($"/api/v1/services/{service}/routes"))["resourceVersion"]!.GetValue<long>());
    }

    private const string FullExample = """
        {"routes":[
          {"name":"beta","match":{"headers":{"x-user-group":{"exact":"beta"}},"pathPrefix":"/api","query":{"preview":{"exact":"1"}},"cookies":{"canary":{"exact":"yes"}},"methods":["GET"]},
           "destinations":[{"subset":"v2","weight":100}]},
          {"name":"default","destinations":[{"subset":"v1","weight":99},{"subset":"v2","weight":1}],
           "timeout":"2s",
           "retries":{"attempts":3,"perTryTimeout":"500ms","retryOn":["connect-failure","reset","5xx","gateway-error"]},
           "fault":{"delay":{"percent":10,"fixedDelay":"300ms"},"abort":{"percent":5,"httpStatus":503}},
           "mirror":{"subset":"v2","percent":100}}]}
        """;

    [Fact]
    public async Task Put_MatchRulesAndRouteOptions_AreStoredAsGiven()
    {
        var service = NewService();

        using var response = await Http.PutJsonAsync($"/api/v1/services/{service}/routes", FullExample);

        var body = await response.ReadJsonAsync(HttpStatusCode.OK);
        var expected = System.Text.Json.Nodes.JsonNode.Parse(FullExample)!["routes"];
        Assert.True(System.Text.Json.Nodes.JsonNode.DeepEquals(expected, body["routes"]), $"stored {body["routes"]}");
    }

    [Theory]
    [InlineData("""{"routes":[{"name":"a","match":{"headers":{"x":{"exact":"1","colour":"red"}}},"destinations":[{"subset":"v1"}]}]}""", "routes[0].match.headers.x.colour")]
    [InlineData("""{"routes":[{"name":"a","match":{"path":{"regex":"(a)\\1"}},"destinations":[{"subset":"v1"}]}]}""", "routes[0].match.path.regex")]
    [InlineData("""{"routes":[{"name":"a","timeout":"soon","destinations":[{"subset":"v1"}]}]}""", "routes[0].timeout")]
    [InlineData("""{"routes":[{"name":"a","retries":{"attempts":3,"retryOn":["sometimes"]},"destinations":[{"subset":"v1"}]}]}""", "routes[0].retries.retryOn[0]")]
    public async Task Put_InvalidRouteOptions_Returns400NamingTheField(string json, string path)
    {
        using var response = await Http.PutJsonAsync($"/api/v1/services/{NewService()}/routes", json);

        Assert.Contains(path, await response.ReadValidationErrorsAsync());
    }
}
