using System.Globalization;
using Mesh.Bench.Common;
using Mesh.Testing;

namespace Mesh.Bench.DataPlane;

/// <summary>
/// The data plane side by side in one run: the same upstream reached directly, through nginx, through HAProxy,
/// through one Mesh proxy hop and through the full sidecar path (outbound proxy → inbound proxy). Each path is warmed
/// up, then measured with wrk (throughput, proxy CPU per request, RSS under load) and with an open-loop client at a
/// fixed rate (latency). Every figure is also given as a ratio to nginx measured in the same run.
/// </summary>
public sealed class DataPlaneBenchmark : IBenchmark
{
    public string Name => "dataplane";

    public string Summary => "direct vs nginx vs HAProxy vs one Mesh hop vs the sidecar path: RPS, latency, CPU/request, RSS";

    public async Task RunAsync(Options options, CancellationToken cancellationToken)
    {
        var warmUp = TimeSpan.FromSeconds(options.Number("warmup", 10));
        var duration = TimeSpan.FromSeconds(options.Number("duration", 5));
        var latencyDuration = TimeSpan.FromSeconds(options.Number("latency", 5));
        var rounds = options.Number("rounds", 3);
        var rate = options.Number("rate", 1000);
        var connections = options.Number("connections", 32);
        var loadCpu = options.Text("load-cpu", "0");
        var proxyCpu = options.Text("proxy-cpu", "1");
        var paths = options.Text("paths", "direct,nginx,haproxy,mesh,sidecar").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var agent = options.Text("agent", RepositoryPaths.ProxyAgentDll);
        var agentEnvironment = ParseEnvironment(options.Text("agent-env", ""));
        options.EnsureAllRead();
        if (!paths.Contains("nginx"))
        {
            throw new ArgumentException("--paths must include nginx: every ratio is to nginx in the same run");
        }

        // The load generator (wrk, the open-loop client, this process) on one CPU; proxies and upstream on the other.
        await DataPlaneRig.PinAsync(Environment.ProcessId, loadCpu);
        await using var rig = new DataPlaneRig { ProxyCpu = proxyCpu, LoadCpu = loadCpu, Agent = agent, AgentEnvironment = agentEnvironment };
        Console.WriteLine("starting upstream, nginx, HAProxy, silo and two proxy agents...");
        await rig.StartAsync(cancellationToken);

        var all = new Dictionary<string, PathUnderTest>(StringComparer.Ordinal)
        {
            ["direct"] = new("direct", rig.UpstreamUrl, null, []),
            ["nginx"] = new("nginx", rig.NginxUrl, null, [rig.Nginx.Pid]),
            ["haproxy"] = new("HAProxy", rig.HaproxyUrl, null, [rig.Haproxy.Pid]),
            ["mesh"] = new("Mesh, one hop", rig.CallerOutboundUrl, DataPlaneRig.UpstreamService, [rig.CallerAgent.Pid]),
            ["sidecar"] = new("Mesh sidecar path (2 hops)", rig.CallerOutboundUrl, DataPlaneRig.SidecarService, [rig.CallerAgent.Pid, rig.SidecarAgent.Pid]),
        };
        var unknown = paths.Where(p => !all.ContainsKey(p)).ToList();
        if (unknown.Count > 0)
        {
            throw new ArgumentException($"unknown path(s) {string.Join(", ", unknown)}; known: {string.Join(", ", all.Keys)}");
        }

        // Idle memory of every proxy before any load reaches any of them.
        var idle = all.Values.ToDictionary(p => p.Name, p => p.ProxyPids.Count == 0 ? (double?)null : ProcessStats.Sum(p.ProxyPids).RssMiB);
        var idlePss = all.Values.ToDictionary(p => p.Name, p => p.ProxyPids.Count == 0 ? null : ProportionalMemory.SumMiB(p.ProxyPids));
        foreach (var key in paths.Where(_ => warmUp > TimeSpan.Zero))
        {
            Console.WriteLine($"{all[key].Name}: warm-up {warmUp.TotalSeconds} s");
            await Wrk.RunAsync(loadCpu, all[key].Url, all[key].Host, connections, warmUp, cancellationToken);
        }

        var measured = paths.ToDictionary(p => p, _ => new List<PathResult>(), StringComparer.Ordinal);
        for (var round = 1; round <= rounds; round++)
        {
            foreach (var key in paths)
            {
                var path = all[key];
                Console.WriteLine($"round {round}/{rounds}, {path.Name}: wrk {duration.TotalSeconds} s, {rate}/s for {latencyDuration.TotalSeconds} s");
                measured[key].Add(await MeasureAsync(path, idle[path.Name], idlePss[path.Name], loadCpu, connections, duration, rate, latencyDuration, cancellationToken));
            }
        }

        var results = paths.Select(p => RoundMedians.Of(measured[p])).ToList();

        var report = new Report(Name, "Data plane: direct, nginx, HAProxy, Mesh");
        report.Settings($"warm-up {warmUp.TotalSeconds} s per path, then {rounds} interleaved rounds of wrk -t1 -c{connections} for {duration.TotalSeconds} s " +
            $"and an open loop at {rate} req/s for {latencyDuration.TotalSeconds} s per path (medians of the rounds; loaded RSS the peak); load on CPU {loadCpu}, proxies and upstream on CPU {proxyCpu}; HTTP/1.1 on 127.0.0.1, " +
            $"{DataPlaneRig.Body.Length}-byte body; agent {Path.GetFileName(agent)}" +
            (agentEnvironment.Count == 0 ? "" : $" with {string.Join(' ', agentEnvironment.Select(e => $"{e.Key}={e.Value}"))}"));
        report.Add(DataPlaneTable.Of(results));
        report.Note("Ratios are to nginx in this run. CPU is the proxies' own (user + system) over the wrk run divided by the requests it " +
            "completed; RSS idle is before any load, loaded is the peak sampled during the wrk run; PSS idle shares the pages of files mapped by " +
            "several processes (the .NET shared framework) among them. The sidecar path runs two agents on the " +
            "proxy CPU: its CPU and RSS are their sum. Added p99 is the open-loop p99 minus the direct path's.");
        report.Publish();
    }

    private static async Task<PathResult> MeasureAsync(PathUnderTest path, double? idleMiB, double? idlePssMiB, string loadCpu, int connections,
        TimeSpan duration, int rate, TimeSpan latencyDuration, CancellationToken cancellationToken)
    {
        var before = path.ProxyPids.Count == 0 ? default : ProcessStats.Sum(path.ProxyPids);
        using var sampling = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var peak = SamplePeakRssAsync(path.ProxyPids, sampling.Token);
        var throughput = await Wrk.RunAsync(loadCpu, path.Url, path.Host, connections, duration, cancellationToken);
        var after = path.ProxyPids.Count == 0 ? default : ProcessStats.Sum(path.ProxyPids);
        await sampling.CancelAsync();
        var loaded = await peak;

        var fixedRate = await FixedRateClient.RunAsync(path.Url, path.Host, rate, latencyDuration, cancellationToken);
        double? cpu = path.ProxyPids.Count == 0 ? null : (after.Cpu - before.Cpu).TotalMicroseconds / throughput.Requests;
        var result = new PathResult(path, throughput, fixedRate, cpu, idleMiB, path.ProxyPids.Count == 0 ? null : loaded, idlePssMiB);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  {throughput.RequestsPerSecond:F0} RPS, p99 {throughput.P99Ms:F2} ms; {rate}/s p50 {fixedRate.P50Ms:F2} ms p99 {fixedRate.P99Ms:F2} ms; " +
            $"CPU {cpu?.ToString("F1", CultureInfo.InvariantCulture) ?? "-"} µs/request; RSS {loaded:F0} MiB; failures {throughput.Failures}+{fixedRate.Failed}"));
        return result;
    }

    private static async Task<double> SamplePeakRssAsync(IReadOnlyList<int> pids, CancellationToken cancellationToken)
    {
        var peak = 0d;
        while (pids.Count > 0 && !cancellationToken.IsCancellationRequested)
        {
            peak = Math.Max(peak, ProcessStats.Sum(pids).RssMiB);
            try
            {
                await Task.Delay(250, cancellationToken);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }

        return pids.Count == 0 ? 0 : Math.Max(peak, ProcessStats.Sum(pids).RssMiB);
    }

    /// <summary><c>KEY=value;KEY=value</c> → a dictionary.</summary>
    private static Dictionary<string, string> ParseEnvironment(string text) =>
        text.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(pair => pair.Split('=', 2))
            .ToDictionary(
                pair => pair.Length == 2 ? pair[0] : throw new ArgumentException($"--agent-env entry '{pair[0]}' is not KEY=value"),
                pair => pair[1],
                StringComparer.Ordinal);
}
