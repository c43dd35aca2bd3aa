using System.Net;
using Mesh.Testing;
using Xunit.Abstractions;

namespace Mesh.EndToEnd.Tests.PushPath;

/// <summary>The article's first three flows with real parts: split changes, discovery, the request path.</summary>
public sealed class PushPathTests(MeshTopology mesh, ITestOutputHelper output) : IClassFixture<MeshTopology>
{
    [Fact]
    public async Task SplitWrittenThroughOneSilo_IsEnforced_ThenAChangeThroughTheOtherTakesOverWithinASecond()
    {
        var (ninetyTen, _) = await MeshTopology.PutRoutesAsync(mesh.Silos[0], "svc-b", MeshTopology.Split(90, 10));
        await mesh.WaitAllAckedAsync("svc-b", ninetyTen);
        var inboundBefore = await MeshTopology.InboundRequestsAsync(mesh.V1Proxy) + await MeshTopology.InboundRequestsAsync(mesh.V2Proxy);

        var split = await LoadRunner.RunAsync(mesh.CallerProxy, "svc-b", 10_000);

        Assert.Empty(split.Failures);
        output.WriteLine($"90/10 over {split.Total}: v1 {split.ByVersion.GetValueOrDefault("v1")}, v2 {split.ByVersion.GetValueOrDefault("v2")}");
        Assert.InRange(split.Share("v2"), 0.085, 0.115);
        var inboundAfter = await MeshTopology.InboundRequestsAsync(mesh.V1Proxy) + await MeshTopology.InboundRequestsAsync(mesh.V2Proxy);
        Assert.Equal(10_000, inboundAfter - inboundBefore);

        var (allToV2, sinceReply) = await MeshTopology.PutRoutesAsync(mesh.Silos[1], "svc-b", MeshTopology.Split(0, 100));
        await mesh.WaitAllAckedAsync("svc-b", allToV2, TimeSpan.FromSeconds(5));
        var propagation = sinceReply.Elapsed;
        output.WriteLine($"API reply -> last ACK: {propagation.TotalMilliseconds:F0} ms");
        Assert.True(propagation < TimeSpan.FromMilliseconds(500), $"propagation took {propagation.TotalMilliseconds:F0} ms");
        await Task.Delay(TimeSpan.FromSeconds(1) - propagation);
        var after = await LoadRunner.RunAsync(mesh.CallerProxy, "svc-b", 1_000);

        Assert.Empty(after.Failures);
        Assert.Equal(1_000, after.ByVersion.GetValueOrDefault("v2"));
    }

    [Fact]
    public async Task NewV1Instance_TakesHalfOfV1Traffic_AndLeavesWithoutFailedRequestsWhenStopped()
    {
        var (allV1, _) = await MeshTopology.PutRoutesAsync(mesh.Silos[0], "svc-b", MeshTopology.Split(100, 0));
        await mesh.WaitAllAckedAsync("svc-b", allV1);
        var app = mesh.Own(await TestApp.StartAsync("svc-b", "v1", "b-v1-2"));
        var proxy = mesh.Own(ProxyAgentProcess.Start("svc-b", "v1", [mesh.Silos[1].DiscoveryUrl, mesh.Silos[0].DiscoveryUrl], app.Url));
        await proxy.WaitReadyAsync();
        await mesh.WaitForEndpointsAsync("svc-b", 3);
        await Eventually.WaitAsync(() => LoadRunner.RunAsync(mesh.CallerProxy, "svc-b", 50, 4), r => r.ByInstance.ContainsKey("b-v1-2"),
            "the caller's proxy balances to the new instance", TimeSpan.FromSeconds(10));

        var balanced = await LoadRunner.RunAsync(mesh.CallerProxy, "svc-b", 2_000);

        output.WriteLine($"v1 instances: {string.Join(", ", balanced.ByInstance.Select(i => $"{i.Key}={i.Value}"))}");
        Assert.Empty(balanced.Failures);
        Assert.InRange(balanced.ByInstance.GetValueOrDefault("b-v1-2"), 800, 1200);

        using var load = new CancellationTokenSource(TimeSpan.FromSeconds(6));
        var during = LoadRunner.RunUntilAsync(mesh.CallerProxy, "svc-b", 4, load.Token);
        await Task.Delay(TimeSpan.FromSeconds(1));
        await proxy.StopAsync();
        await mesh.WaitForEndpointsAsync("svc-b", 2);
        var result = await during;

        output.WriteLine($"{result.Total} requests while the instance stopped, {result.Failed} failed: {string.Join("; ", result.Failures.Take(5))}");
        Assert.Empty(result.Failures);
        Assert.True(result.ByInstance.ContainsKey("b-v1-1"));
    }

    [Fact]
    public async Task ConfigTheProxyCannotApply_IsNacked_WhileTrafficFlowsOnTheLastGoodConfig()
    {
        var (good, _) = await MeshTopology.PutRoutesAsync(mesh.Silos[0], "svc-b", MeshTopology.Split(50, 50));
        await mesh.WaitAllAckedAsync("svc-b", good);

        // An endpoint whose address is the caller proxy's own outbound listener would route svc-b calls back
        // into the proxy: the control plane cannot know that port, the proxy can, and refuses the config.
        var loop = $$$"""{"address":"{{{mesh.CallerProxy.OutboundUrl.GetLeftPart(UriPartial.Authority)}}}","labels":{"version":"v1"}}""";
        using (var put = await mesh.Silos[1].Http.PutJsonAsync("/api/v1/services/svc-b/endpoints/loop-1", loop))
        {
            await put.ReadJsonAsync(HttpStatusCode.OK);
        }

        var nacked = await Eventually.WaitAsync(
            () => mesh.Silos[0].Http.GetJsonAsync("/api/v1/proxies"),
            p => p.AsArray().Single(x => x!["id"]!.GetValue<string>() == mesh.CallerProxy.ProxyId)!["watches"]!.AsArray()
                .Single(w => w!["service"]!.GetValue<string>() == "svc-b")!["state"]!.GetValue<string>() == "NACKED",
            "the caller's proxy shows NACKED for svc-b");
        var watch = nacked.AsArray().Single(x => x!["id"]!.GetValue<string>() == mesh.CallerProxy.ProxyId)!["watches"]!.AsArray()
            .Single(w => w!["service"]!.GetValue<string>() == "svc-b")!;
        output.WriteLine($"NACK reason: {watch["error"]}");
        Assert.Contains("loop-1", watch["error"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(good, watch["ackedVersion"]!.GetValue<long>());

        var traffic = await LoadRunner.RunAsync(mesh.CallerProxy, "svc-b", 500);

        Assert.Empty(traffic.Failures);
        Assert.Equal(["b-v1-1", "b-v2-1"], traffic.ByInstance.Keys.Order(StringComparer.Ordinal));

        using var delete = await mesh.Silos[1].Http.DeleteAsync(new Uri("/api/v1/services/svc-b/endpoints/loop-1", UriKind.Relative));
        Assert.Equal(HttpStatusCode.NoContent, delete.StatusCode);
        var detail = await mesh.Silos[0].Http.GetJsonAsync("/api/v1/services/svc-b");
        await mesh.WaitAllAckedAsync("svc-b", detail["resourceVersion"]!.GetValue<long>() + detail["routesVersion"]!.GetValue<long>());
    }
}
