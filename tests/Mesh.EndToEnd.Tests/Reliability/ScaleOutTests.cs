using System.Diagnostics;
using System.Text.Json.Nodes;
using Mesh.Protos.Discovery.V1;
using Mesh.Testing;
using Xunit.Abstractions;

namespace Mesh.EndToEnd.Tests.Reliability;

/// <summary>
/// A silo added to a running cluster: proxies hear of it without restarting, it takes new sessions, and the cluster
/// moves a fair share of the existing proxies to it, a few at a time, while traffic flows.
/// </summary>
public sealed class ScaleOutTests(MeshTopology mesh, ITestOutputHelper output) : IClassFixture<MeshTopology>
{
    private const int Proxies = 240;

    [Fact]
    public async Task SiloAdded_ProxiesLearnOfIt_AndAFairShareMovesToItGently_WithoutAFailedRequest()
    {
        await using var fleet = new SimulatedFleet([.. mesh.Silos.Select(s => s.DiscoveryUrl)], Proxies, "scale-caller", "svc-b", changes: 1);
        await fleet.ConnectAsync(32, CancellationToken.None);
        Assert.True(await fleet.WaitAllAsync(p => p.Version > 0, TimeSpan.FromSeconds(60), CancellationToken.None), "every simulated proxy got svc-b's config");
        using var stopTraffic = new CancellationTokenSource();
        var traffic = LoadRunner.RunUntilAsync(mesh.CallerProxy, "svc-b", concurrency: 4, stopTraffic.Token);

        var joining = mesh.Own(SiloProcess.Start(mesh.Database, "e2e"));
        await joining.WaitHealthyAsync(TimeSpan.FromSeconds(90));
        var joined = Stopwatch.StartNew();

        // Every proxy hears of the new silo in the session it has (the agents were started knowing only the first two).
        await Eventually.WaitAsync(
            () => Task.WhenAll(new[] { mesh.CallerProxy, mesh.V1Proxy, mesh.V2Proxy }.Select(p => p.Admin.GetFromJsonNodeAsync("/config_dump"))),
            dumps => dumps.All(d => d["controlPlane"]!.AsArray().Any(u => new Uri(u!.GetValue<string>()) == joining.DiscoveryUrl)),
            "every proxy agent lists the new silo", TimeSpan.FromSeconds(15));
        var agentsKnew = joined.Elapsed;
        Assert.True(
            await fleet.WaitAllAsync(p => p.SiloList.Any(u => new Uri(u) == joining.DiscoveryUrl), TimeSpan.FromSeconds(15), CancellationToken.None),
            "every simulated proxy got a SiloList with the new silo");

        // It takes new sessions, and welcomes them with all three silos.
        await using (var newcomer = await ProtocolClient.ConnectAsync(joining.DiscoveryUrl, ProtocolClient.Hello("scale-newcomer", "scale-caller", "svc-b")))
        {
            var welcome = await newcomer.NextAsync("welcome");
            Assert.Equal(3, welcome.Welcome.ControlPlaneUrls.Count);
            Assert.Equal("svc-b", (await newcomer.NextConfigAsync("svc-b")).Service);
        }

        // A fair share of the existing proxies moves to it: 243 sessions over three silos is 81 each.
        var sessions = Proxies + 3;
        var fair = sessions / 3;
        var balanced = await Eventually.WaitAsync(
            () => mesh.Silos[0].Http.GetJsonAsync("/api/v1/proxies"),
            proxies => OnSilo(proxies, joining) >= fair - (fair / 10),
            $"the new silo holds about {fair} sessions", TimeSpan.FromSeconds(60));
        var rebalanced = joined.Elapsed;

        // Gently: each moved proxy moved once and nothing else reconnected, spread out over time.
        await Task.Delay(TimeSpan.FromSeconds(5));
        var settled = await mesh.Silos[0].Http.GetJsonAsync("/api/v1/proxies");
        var moved = fleet.Proxies.Where(p => p.Moves > 0).ToList();
        var movedAt = moved.Select(p => p.MovedAt).Order().ToList();
        var busiestSecond = movedAt.Select((t, i) => movedAt.Skip(i).TakeWhile(u => u - t < Stopwatch.Frequency).Count()).DefaultIfEmpty().Max();
        await stopTraffic.CancelAsync();
        var served = await traffic;

        output.WriteLine($"agents listed the new silo {agentsKnew.TotalSeconds:F1} s after it was healthy; it held {OnSilo(balanced, joining)} sessions after {rebalanced.TotalSeconds:F1} s");
        output.WriteLine($"{moved.Count} simulated proxies moved, over {Seconds(movedAt):F1} s, at most {busiestSecond} within one second; "
            + $"{fleet.Proxies.Sum(p => p.Reconnects)} failure reconnects; sessions by silo now: {string.Join(", ", mesh.Silos.Append(joining).Select(s => OnSilo(settled, s)))}");
        output.WriteLine($"traffic: {served.Total} requests, {served.Failed} failed");

        Assert.All(fleet.Proxies, p => Assert.True(p.Moves <= 1, $"{p.Id} moved {p.Moves} times"));
        Assert.All(fleet.Proxies, p => Assert.Equal(0, p.Reconnects));
        Assert.InRange(moved.Count, fair - (fair / 10) - 3, fair + (fair / 10));
        Assert.All(mesh.Silos.Append(joining), s => Assert.InRange(OnSilo(settled, s), fair - (fair / 5), fair + (fair / 5)));
        // At most 20 moves per second per silo (the default), two silos shedding: no reconnect storm.
        Assert.True(busiestSecond <= 50, $"{busiestSecond} proxies moved within one second");
        Assert.Empty(served.Failures);
        Assert.True(served.Total > 100);

        // Every proxy, moved or not, still gets changes.
        var (version, _) = await MeshTopology.PutRoutesAsync(joining, "svc-b", MeshTopology.Split(50, 50));
        Assert.True(await fleet.WaitAllAsync(p => p.Version >= version, TimeSpan.FromSeconds(20), CancellationToken.None),
            $"{fleet.Proxies.Count(p => p.Version < version)} simulated proxies did not get version {version}");
        await mesh.WaitAllAckedAsync("svc-b", version, TimeSpan.FromSeconds(20), ended: ["scale-newcomer"]);
    }

    private static int OnSilo(JsonNode proxies, SiloProcess silo) =>
        proxies.AsArray().Count(p => p!["connected"]!.GetValue<bool>() && p["silo"]!.GetValue<string>().Contains($":{silo.SiloPort}:", StringComparison.Ordinal));

    private static double Seconds(List<long> timestamps) =>
        timestamps.Count < 2 ? 0 : (timestamps[^1] - timestamps[0]) / (double)Stopwatch.Frequency;
}
