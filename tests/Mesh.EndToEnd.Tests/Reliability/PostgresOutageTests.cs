using System.Diagnostics;
using System.Net;
using Mesh.Protos.Discovery.V1;
using Mesh.Testing;
using Xunit.Abstractions;

namespace Mesh.EndToEnd.Tests.Reliability;

/// <summary>
/// PostgreSQL stops for 30 s under traffic: writes fail fast with 503 and change nothing, reads and pushes of what
/// the silos know go on, traffic does not notice, and when PostgreSQL returns the cluster recovers by itself with
/// every acknowledged write in place.
/// </summary>
public sealed class PostgresOutageTests(MeshTopology mesh, ITestOutputHelper output) : IClassFixture<MeshTopology>
{
    private static readonly TimeSpan Outage = TimeSpan.FromSeconds(30);

    /// <summary>A write the API may never acknowledge during the outage; its route name marks it in history.</summary>
    private const string RefusedWrite = """{"routes":[{"name":"during-outage","destinations":[{"subset":"v1","weight":50},{"subset":"v2","weight":50}]}]}""";

    [Fact]
    public async Task PostgresDownFor30Seconds_WritesGet503Fast_TrafficAndKnownPushesGoOn_ThenEverythingRecovers()
    {
        var (before, _) = await MeshTopology.PutRoutesAsync(mesh.Silos[0], "svc-b", MeshTopology.Split(100, 0));
        await mesh.WaitAllAckedAsync("svc-b", before);
        var beforeDocument = await mesh.Silos[1].Http.GetJsonAsync("/api/v1/services/svc-b/routes");
        using var stopTraffic = new CancellationTokenSource();
        var traffic = LoadRunner.RunUntilAsync(mesh.CallerProxy, "svc-b", concurrency: 4, stopTraffic.Token);
        await Task.Delay(500);

        await mesh.Postgres.StopAsync();
        var outage = Stopwatch.StartNew();
        var refused = 0;
        var slowest = TimeSpan.Zero;
        var pushedDuringOutage = false;
        try
        {
            while (outage.Elapsed < Outage)
            {
                var silo = mesh.Silos[refused % mesh.Silos.Length];
                var clock = Stopwatch.StartNew();
                using var put = await silo.Http.PutJsonAsync("/api/v1/services/svc-b/routes", RefusedWrite);
                slowest = clock.Elapsed > slowest ? clock.Elapsed : slowest;
                var body = await put.Content.ReadAsStringAsync();
                Assert.True(put.StatusCode == HttpStatusCode.ServiceUnavailable, $"a write during the outage answered {(int)put.StatusCode}: {body}\n{silo.Output[^Math.Min(6000, silo.Output.Length)..]}");
                Assert.Equal("application/problem+json", put.Content.Headers.ContentType?.MediaType);
                Assert.Contains("store", body, StringComparison.Ordinal);
                Assert.NotNull(put.Headers.RetryAfter);
                refused++;

                // Reads of what the silos hold go on.
                var read = await silo.Http.GetJsonAsync("/api/v1/services/svc-b/routes");
                Assert.Equal(ApiClient.Canonical(beforeDocument["routes"]), ApiClient.Canonical(read["routes"]));

                if (!pushedDuringOutage)
                {
                    // A proxy connecting now (its session cannot be stored) still gets the config the silo knows.
                    var hello = ProtocolClient.Hello($"outage-watcher-{Guid.NewGuid():N}"[..24], "svc-c", "svc-b");
                    await using var watcher = await ProtocolClient.ConnectAsync(silo.DiscoveryUrl, hello);
                    var config = await watcher.NextConfigAsync("svc-b", TimeSpan.FromSeconds(10));
                    Assert.Equal(before, config.Version);
                    pushedDuringOutage = true;
                }

                await Task.Delay(1000);
            }
        }
        finally
        {
            await mesh.Postgres.StartAgainAsync();
        }

        output.WriteLine($"outage {outage.Elapsed.TotalSeconds:F1} s: {refused} writes refused with 503, slowest answer {slowest.TotalMilliseconds:F0} ms");
        var recovery = Stopwatch.StartNew();
        await Eventually.WaitAsync(
            async () =>
            {
                using var put = await mesh.Silos[1].Http.PutJsonAsync("/api/v1/services/svc-b/routes", MeshTopology.Split(0, 100));
                return put.StatusCode;
            },
            status => status == HttpStatusCode.OK,
            "a write succeeds once PostgreSQL is back", TimeSpan.FromSeconds(60));
        output.WriteLine($"first write accepted {recovery.Elapsed.TotalSeconds:F1} s after PostgreSQL started again");
        var detail = await mesh.Silos[0].Http.GetJsonAsync("/api/v1/services/svc-b");
        var after = detail["resourceVersion"]!.GetValue<long>() + detail["routesVersion"]!.GetValue<long>();
        await mesh.WaitAllAckedAsync("svc-b", after, TimeSpan.FromSeconds(30));
        await Task.Delay(500);
        await stopTraffic.CancelAsync();
        var served = await traffic;
        output.WriteLine($"traffic: {served.Total} requests, {served.Failed} failed; by version {string.Join(", ", served.ByVersion)}");

        Assert.True(refused >= 10, $"only {refused} writes were tried during the outage");
        Assert.True(slowest < TimeSpan.FromSeconds(5), $"a write took {slowest} to be refused: not failing fast");
        Assert.True(pushedDuringOutage);
        Assert.Empty(served.Failures);
        Assert.True(served.ByVersion.GetValueOrDefault("v2") > 0, "traffic follows the change made after the outage");
        var history = await mesh.Silos[0].Http.GetJsonAsync("/api/v1/services/svc-b/routes/history");
        Assert.DoesNotContain("during-outage", ApiClient.Canonical(history), StringComparison.Ordinal);
        var current = await mesh.Silos[0].Http.GetJsonAsync("/api/v1/services/svc-b/routes");
        Assert.Equal(ApiClient.Canonical(System.Text.Json.Nodes.JsonNode.Parse(MeshTopology.Split(0, 100))!["routes"]), ApiClient.Canonical(current["routes"]));
    }
}
