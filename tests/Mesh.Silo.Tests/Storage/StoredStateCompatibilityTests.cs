using System.Net;
using Mesh.Testing;

namespace Mesh.Silo.Tests.Storage;

/// <summary>
/// State stored by an earlier release loads in this one. The fixture is an embedded silo's database written by the
/// release before the route history took the shared revision shape: svc-b with two route versions (90/10, then a
/// header-matched canary route and 80/20), a policy at version 1 and one endpoint.
/// </summary>
public sealed class StoredStateCompatibilityTests
{
    private static readonly string Fixture = Path.Combine(AppContext.BaseDirectory, "Storage", "Fixtures", "release-11-embedded.db");

    [Fact]
    public async Task EarlierReleasesDatabase_LoadsRoutesHistoryAndPolicy_AndRollsBackToAVersionItStored()
    {
        var dir = Directory.CreateTempSubdirectory("mesh-compat-").FullName;
        var file = Path.Combine(dir, "mesh.db");
        File.Copy(Fixture, file);
        try
        {
            await using (var silo = SiloProcess.Start(postgres: null, clusterId: "embedded", embeddedDatabase: file))
            {
                await silo.WaitHealthyAsync();

                var routes = await silo.Http.GetJsonAsync("/api/v1/services/svc-b/routes");
                Assert.Equal(2, routes["resourceVersion"]!.GetValue<long>());
                Assert.Equal(["canary", "default"], routes["routes"]!.AsArray().Select(r => r!["name"]!.GetValue<string>()));

                var history = (await silo.Http.GetJsonAsync("/api/v1/services/svc-b/routes/history")).AsArray();
                Assert.Equal([2L, 1L], history.Select(h => h!["version"]!.GetValue<long>()));
                Assert.Equal("canary (matched): v2 100%; default: v1 80%, v2 20%", history[0]!["summary"]!.GetValue<string>());
                Assert.Equal("api", history[1]!["who"]!.GetValue<string>());

                var first = await silo.Http.GetJsonAsync("/api/v1/services/svc-b/routes/history/1");
                Assert.Equal(90, first["routes"]![0]!["destinations"]![0]!["weight"]!.GetValue<int>());

                var policy = await silo.Http.GetJsonAsync("/api/v1/services/svc-b/policy");
                Assert.Equal(1, policy["resourceVersion"]!.GetValue<long>());
                Assert.Equal("least-request", policy["loadBalancer"]!["algorithm"]!.GetValue<string>());
                var policyHistory = (await silo.Http.GetJsonAsync("/api/v1/services/svc-b/policy/history")).AsArray();
                Assert.Equal([1L], policyHistory.Select(h => h!["version"]!.GetValue<long>()));

                using var rollback = await silo.Http.PostJsonAsync("/api/v1/services/svc-b/routes/rollback", """{"toVersion":1}""", ifMatch: "\"2\"");
                var rolledBack = await rollback.ReadJsonAsync(HttpStatusCode.OK);
                Assert.Equal(3, rolledBack["resourceVersion"]!.GetValue<long>());
                Assert.Equal(90, rolledBack["routes"]![0]!["destinations"]![0]!["weight"]!.GetValue<int>());
                await silo.StopAsync();
            }

            // Written back in the current shape: a restart reads the three versions.
            await using var again = SiloProcess.Start(postgres: null, clusterId: "embedded", embeddedDatabase: file);
            await again.WaitHealthyAsync();
            var after = (await again.Http.GetJsonAsync("/api/v1/services/svc-b/routes/history")).AsArray();
            Assert.Equal([3L, 2L, 1L], after.Select(h => h!["version"]!.GetValue<long>()));
            Assert.Equal("rollback to version 1: default: v1 90%, v2 10%", after[0]!["summary"]!.GetValue<string>());
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
