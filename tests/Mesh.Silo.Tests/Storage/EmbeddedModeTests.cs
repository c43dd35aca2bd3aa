using System.Net;
using Mesh.Silo.Tests.Infrastructure;
using Mesh.Testing;

namespace Mesh.Silo.Tests.Storage;

public sealed class EmbeddedModeTests
{
    [Fact]
    public async Task RoutePolicy_SurvivesARestartOfTheEmbeddedSilo()
    {
        var dir = Directory.CreateTempSubdirectory("mesh-embedded-").FullName;
        var file = Path.Combine(dir, "mesh.db");
        try
        {
            string written;
            await using (var first = SiloProcess.Start(postgres: null, clusterId: "embedded", embeddedDatabase: file))
            {
                await first.WaitHealthyAsync();
                using var put = await first.Http.PutJsonAsync("/api/v1/services/svc-b/routes",
                    """{"routes":[{"name":"default","destinations":[{"subset":"v1","weight":90},{"subset":"v2","weight":10}]}]}""");
                written = ApiClient.Canonical(await put.ReadJsonAsync(HttpStatusCode.OK));
                await first.StopAsync();
            }

            await using var second = SiloProcess.Start(postgres: null, clusterId: "embedded", embeddedDatabase: file);
            await second.WaitHealthyAsync();

            Assert.Equal(written, ApiClient.Canonical(await second.Http.GetJsonAsync("/api/v1/services/svc-b/routes")));
            Assert.Contains(file, second.Output, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
