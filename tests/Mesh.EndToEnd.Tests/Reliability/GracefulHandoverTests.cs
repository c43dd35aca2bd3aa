using System.Diagnostics;
using Mesh.Testing;
using Xunit.Abstractions;

namespace Mesh.EndToEnd.Tests.Reliability;

/// <summary>A silo stopped with SIGTERM hands its proxies to the other silo before it exits; traffic does not notice.</summary>
public sealed class GracefulHandoverTests(MeshTopology mesh, ITestOutputHelper output) : IClassFixture<MeshTopology>
{
    [Fact]
    public async Task SiloStoppedGracefully_HandsItsProxiesOverAtOnce_WithoutAFailedRequest()
    {
        var dump = await mesh.CallerProxy.Admin.GetFromJsonNodeAsync("/config_dump");
        var connectedTo = dump["silo"]!.GetValue<string>();
        var leaving = mesh.Silos.Single(s => connectedTo.Contains($":{s.SiloPort}:", StringComparison.Ordinal));
        var staying = mesh.Silos.Single(s => s != leaving);
        using var stopTraffic = new CancellationTokenSource();
        var traffic = LoadRunner.RunUntilAsync(mesh.CallerProxy, "svc-b", concurrency: 4, stopTraffic.Token);
        await Task.Delay(500);

        var clock = Stopwatch.StartNew();
        await leaving.StopAsync();
        var exited = clock.Elapsed;
        var moved = await Eventually.WaitAsync(
            () => mesh.CallerProxy.Admin.GetFromJsonNodeAsync("/config_dump"),
            d => d["connected"]!.GetValue<bool>() && d["silo"]?.GetValue<string>() is { } silo && silo != connectedTo,
            "the caller's proxy is on the remaining silo", TimeSpan.FromSeconds(10));
        output.WriteLine($"silo exited {exited.TotalSeconds:F1} s after SIGTERM; the caller's proxy is on {moved["silo"]} after {clock.Elapsed.TotalSeconds:F1} s");

        // The remaining silo serves changes (after the cluster hears the leaving silo said goodbye).
        await Eventually.WaitAsync(
            async () =>
            {
                using var put = await staying.Http.PutJsonAsync("/api/v1/services/svc-b/routes", MeshTopology.Split(0, 100));
                return put.StatusCode;
            },
            status => status == System.Net.HttpStatusCode.OK, "the remaining silo accepts a change", TimeSpan.FromSeconds(20));
        var detail = await staying.Http.GetJsonAsync("/api/v1/services/svc-b");
        var version = detail["resourceVersion"]!.GetValue<long>() + detail["routesVersion"]!.GetValue<long>();
        await mesh.WaitAllAckedAsync("svc-b", version, TimeSpan.FromSeconds(20));
        await stopTraffic.CancelAsync();
        var served = await traffic;
        output.WriteLine($"traffic: {served.Total} requests, {served.Failed} failed");

        Assert.True(exited < TimeSpan.FromSeconds(15), $"the silo took {exited} to exit: it held its proxies' streams");
        Assert.Empty(served.Failures);
        Assert.True(served.Total > 100);
    }
}
