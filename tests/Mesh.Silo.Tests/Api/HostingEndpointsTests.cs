using System.Net;
using Mesh.Silo.Tests.Infrastructure;
using Mesh.Testing;

namespace Mesh.Silo.Tests.Api;

[Collection(EmbeddedSiloCollection.Name)]
public sealed class HostingEndpointsTests(EmbeddedSiloFixture fixture)
{
    [Theory]
    [InlineData("/health")]
    [InlineData("/alive")]
    public async Task HealthEndpoints_AnswerHealthy(string path)
    {
        using var response = await fixture.Http.GetAsync(new Uri(path, UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Healthy", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task OpenApiDocument_DescribesTheRulesApi()
    {
        var document = await fixture.Http.GetJsonAsync("/openapi/v1.json");

        var paths = document["paths"]!.AsObject().Select(p => p.Key).ToList();
        Assert.Contains("/api/v1/services", paths);
        Assert.Contains("/api/v1/services/{service}/routes", paths);
        Assert.Contains("/api/v1/services/{service}/routes/rollback", paths);
        Assert.Contains("/api/v1/services/{service}/endpoints/{id}", paths);
        Assert.Contains("/api/v1/proxies", paths);
    }

    [Fact]
    public void EmbeddedSilo_SaysWhereItsFileIsAndThatItIsForOneMachine()
    {
        Assert.Contains("Embedded mode", fixture.Silo.Output, StringComparison.Ordinal);
        Assert.Contains("mesh.db", fixture.Silo.Output, StringComparison.Ordinal);
        Assert.Contains("for one machine", fixture.Silo.Output, StringComparison.Ordinal);
    }
}
