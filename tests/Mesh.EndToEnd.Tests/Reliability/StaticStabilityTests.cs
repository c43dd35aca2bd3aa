using System.Diagnostics;
using System.Text.Json.Nodes;
using Mesh.Testing;
using Xunit.Abstractions;

namespace Mesh.EndToEnd.Tests.Reliability;

/// <summary>
/// Static stability: with every silo stopped, traffic between proxies keeps flowing on the last configs; a proxy
/// restarted meanwhile comes up on its cached configs and serves; when the silos return, every proxy resyncs.
/// </summary>
public sealed class StaticStabilityTests(StaticStabilityMesh mesh, ITestOutputHelper output) : IClassFixture<StaticStabilityMesh>
{
    /// <summary>The issue's requirement: every silo stopped for 60 s.</summary>
    private static readonly TimeSpan Outage = TimeSpan.FromSeconds(60);

    /// <summary>When, into the outage, svc-a's proxy is restarted.</summary>
    private static readonly TimeSpan RestartAt = TimeSpan.FromSeconds(15);

    private const int Concurrency = 4;

    [Fact]
    public async Task EverySiloStopped60Seconds_TrafficFlowsWithoutAFailure_ARestartedProxyServesFromItsCache_AndAllResyncWhenSilosReturn()
    {
        var split = await StaticStabilityMesh.PutRoutesAsync(mesh.Silos[0], StaticStabilityMesh.Split(70, 30));
        await WaitSyncedAsync(split, "svc-b's 70/30 split is ACKed by every proxy");
        await Eventually.WaitAsync(
            () => Task.FromResult(File.Exists(Path.Combine(mesh.CallerCacheDir, "svc-b.config"))),
            exists => exists, "svc-a's proxy caches svc-b's config");
        var baselineClock = Stopwatch.StartNew();
        var baseline = await LoadRunner.RunAsync(mesh.CallerProxy, "svc-b", 4_000, Concurrency);
        output.WriteLine($"before the outage: {baseline.Total} requests in {baselineClock.Elapsed.TotalSeconds:F1} s, {baseline.Failed} failed");
        Assert.Empty(baseline.Failures);

        // The outage: one silo leaves gracefully (SIGTERM), the last one crashes (SIGKILL). A silo holding proxy
        // sessions takes its whole shutdown timeout (30 s) to exit: Kestrel waits for the open gRPC streams.
        var graceful = Stopwatch.StartNew();
        await mesh.Silos[1].StopAsync(TimeSpan.FromSeconds(60));
        output.WriteLine($"silo :{mesh.Silos[1].SiloPort} exited {graceful.Elapsed.TotalSeconds:F1} s after SIGTERM");
        mesh.Silos[0].Kill();
        var outage = Stopwatch.StartNew();
        var load = new FollowingLoad(mesh.CallerProxy);
        using var stop = new CancellationTokenSource(Outage);
        var traffic = load.RunAsync("svc-b", Concurrency, stop.Token);

        await Task.Delay(RestartAt - outage.Elapsed);
        var old = mesh.CallerProxy;
        var oldStopped = old.StopAsync();
        var restart = Stopwatch.StartNew();
        var restarted = mesh.StartCallerProxy();
        await restarted.WaitReadyAsync(TimeSpan.FromSeconds(StaticStabilityMesh.CallerDrainSeconds - 2));
        var readyAfter = restart.Elapsed;
        load.SwitchTo(restarted);
        var ready = await restarted.Admin.GetStringAsync(new Uri("/ready", UriKind.Relative));
        var dump = await restarted.Admin.GetFromJsonNodeAsync("/config_dump");
        await oldStopped;

        await traffic;
        var outageLasted = outage.Elapsed;
        Assert.True(mesh.Silos.All(s => !s.Running), "a silo ran during the outage");
        output.WriteLine($"outage {outageLasted.TotalSeconds:F1} s: {load.Total} requests through svc-a's outbound listener, {load.Failures.Count} failed");
        output.WriteLine($"restarted proxy ready from cache {readyAfter.TotalMilliseconds:F0} ms after it was started: {ready}");
        output.WriteLine($"  old proxy served v1 {load.Served(old, "v1")} v2 {load.Served(old, "v2")}; restarted proxy v1 {load.Served(restarted, "v1")} v2 {load.Served(restarted, "v2")}");
        Assert.Empty(load.Failures);
        Assert.StartsWith("ready from cache: no control-plane session; serving the cached configs of ", ready, StringComparison.Ordinal);
        Assert.Contains($"svc-b (version {split})", ready, StringComparison.Ordinal);
        Assert.False(dump["connected"]!.GetValue<bool>());
        Assert.Contains(dump["sources"]!.AsArray(), s => ApiClient.Canonical(s) == $$"""{"service":"svc-b","version":{{split}},"source":"cache"}""");
        var svcB = dump["services"]!.AsArray().Single(s => s!["service"]!.GetValue<string>() == "svc-b")!;
        Assert.Equal("""[{"subset":"v1","weight":70},{"subset":"v2","weight":30}]""", ApiClient.Canonical(svcB["routes"]![0]!["destinations"]));
        Assert.Equal(["svc-b-v1-static", "svc-b-v2-static"], svcB["endpoints"]!.AsArray().Select(e => e!["id"]!.GetValue<string>()).Order(StringComparer.Ordinal));
        var viaRestarted = load.Served(restarted, "v1") + load.Served(restarted, "v2");
        Assert.True(viaRestarted >= 1_000, $"the restarted proxy served only {viaRestarted} requests");
        Assert.InRange(load.Served(restarted, "v2") / (double)viaRestarted, 0.25, 0.35);

        // The silos return on the same ports and database: every proxy reconnects with the versions it holds.
        var back = Stopwatch.StartNew();
        var returning = new FollowingLoad(restarted);
        using var stopReturning = new CancellationTokenSource();
        var returnTraffic = returning.RunAsync("svc-b", Concurrency, stopReturning.Token);
        await mesh.StartSilosAsync();
        var silosUp = back.Elapsed;
        await WaitSyncedAsync(split, "every proxy reconnects and is SYNCED on the versions it held", restarted);
        var resynced = back.Elapsed;
        // The proxy's own view: its session may be re-established once more while the returning cluster settles.
        var held = await Eventually.WaitAsync(
            () => restarted.Admin.GetFromJsonNodeAsync("/config_dump"), d => d["connected"]!.GetValue<bool>(),
            "svc-a's proxy says it is connected", TimeSpan.FromSeconds(30));

        var allToV2 = await StaticStabilityMesh.PutRoutesAsync(mesh.Silos[1], StaticStabilityMesh.Split(0, 100));
        var change = Stopwatch.StartNew();
        await WaitSyncedAsync(allToV2, "every proxy ACKs the change made after the silos returned", restarted);
        var changeSynced = change.Elapsed;
        await stopReturning.CancelAsync();
        await returnTraffic;
        output.WriteLine($"silos healthy {silosUp.TotalSeconds:F1} s after they were started; every proxy SYNCED after {resynced.TotalSeconds:F1} s; " +
            $"the change after the return ACKed by all in {changeSynced.TotalMilliseconds:F0} ms");
        output.WriteLine($"while the silos returned: {returning.Total} requests, {returning.Failures.Count} failed: {string.Join("; ", returning.Failures.Take(5))}");
        output.WriteLine($"svc-a's proxy after the return, before the change: {held["sources"]!.ToJsonString()}");
        output.WriteLine("svc-a's proxy's sessions: " + string.Join(Environment.NewLine + "  ", restarted.Output.Split('\n')
            .Where(l => l.Contains("silo", StringComparison.OrdinalIgnoreCase) && !l.Contains("Reconnecting", StringComparison.Ordinal)).TakeLast(12)));
        var after = await LoadRunner.RunAsync(restarted, "svc-b", 500);

        // What the proxy held was not sent again; only a newer version (had svc-b changed meanwhile) replaces it.
        var heldSvcB = held["sources"]!.AsArray().Single(x => x!["service"]!.GetValue<string>() == "svc-b")!;
        Assert.Equal(heldSvcB["version"]!.GetValue<long>() == split ? "cache" : "control-plane", heldSvcB["source"]!.GetValue<string>());
        Assert.Empty(returning.Failures);
        Assert.Empty(after.Failures);
        Assert.Equal(500, after.ByVersion.GetValueOrDefault("v2"));
        var final = await restarted.Admin.GetFromJsonNodeAsync("/config_dump");
        Assert.Contains(final["sources"]!.AsArray(), s => ApiClient.Canonical(s) == $$"""{"service":"svc-b","version":{{allToV2}},"source":"control-plane"}""");
    }

    /// <summary>
    /// Waits until GET /api/v1/proxies shows svc-a's (current) proxy and both svc-b proxies connected and SYNCED on
    /// every service they watch, svc-b at <paramref name="version"/> or newer.
    /// </summary>
    private async Task WaitSyncedAsync(long version, string waitingFor, ProxyAgentProcess? caller = null)
    {
        ProxyAgentProcess[] proxies = [caller ?? mesh.CallerProxy, mesh.V1Proxy, mesh.V2Proxy];
        var ids = proxies.Select(p => p.ProxyId).ToArray();
        JsonNode last = new JsonArray();
        try
        {
            await WaitUntilSyncedAsync(ids, version, waitingFor, p => last = p);
        }
        catch (TimeoutException e)
        {
            throw new TimeoutException($"{e.Message}; last GET /api/v1/proxies: {last.ToJsonString()}" + Environment.NewLine +
                string.Join(Environment.NewLine, mesh.Silos.Select(s => $"silo :{s.SiloPort} (running: {s.Running}) problems:" + Environment.NewLine + Problems(s.Output))) +
                Environment.NewLine + string.Join(Environment.NewLine, proxies.Select(p => $"proxy {p.ProxyId} ({p.Pid}), last lines:" + Environment.NewLine +
                    string.Join(Environment.NewLine, p.Output.Split('\n').TakeLast(12)))), e);
        }
    }

    /// <summary>The warnings and errors of a process's log, for failure messages.</summary>
    private static string Problems(string log) =>
        string.Join(Environment.NewLine, log.Split('\n').Select((line, i) => (line, i))
            .Where(l => l.line.StartsWith("warn:", StringComparison.Ordinal) || l.line.StartsWith("fail:", StringComparison.Ordinal))
            .TakeLast(20)
            .Select(l => l.line + " " + string.Join(" | ", log.Split('\n').Skip(l.i + 1).Take(2))));

    private async Task WaitUntilSyncedAsync(string[] ids, long version, string waitingFor, Action<JsonNode> seen)
    {
        await Eventually.WaitAsync(
            async () =>
            {
                // Any running silo; while a returning cluster settles, the API may answer 5xx for a moment.
                var silo = mesh.Silos.FirstOrDefault(s => s.Running) ?? throw new InvalidOperationException("no silo runs");
                try
                {
                    using var response = await silo.Http.GetAsync(new Uri("/api/v1/proxies", UriKind.Relative));
                    return response.IsSuccessStatusCode ? JsonNode.Parse(await response.Content.ReadAsStringAsync())! : new JsonArray();
                }
                catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
                {
                    return new JsonArray();
                }
            },
            proxies =>
            {
                seen(proxies);
                var mine = StaticStabilityMesh.Proxies(proxies, ids);
                return mine.Count == ids.Length && mine.All(p => p["connected"]!.GetValue<bool>()
                    && p["watches"]!.AsArray().All(w => w!["state"]!.GetValue<string>() == "SYNCED")
                    && p["watches"]!.AsArray().Where(w => w!["service"]!.GetValue<string>() == "svc-b").All(w => w!["ackedVersion"]?.GetValue<long>() >= version));
            },
            waitingFor, TimeSpan.FromSeconds(60));
    }
}
