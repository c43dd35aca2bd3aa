using System.Diagnostics;
using System.Globalization;
using Mesh.Bench.Common;
using Mesh.Bench.ControlPlane;
using Mesh.Testing;

namespace Mesh.Bench.Convergence;

/// <summary>
/// How fast a route change reaches every proxy: three silos on PostgreSQL, N simulated proxies speaking the real
/// proxy protocol over real gRPC streams, spread over the silos and all watching one service; M changes through the
/// Rules API, each timed from the API's reply to every proxy's receipt and ACK.
/// </summary>
public sealed class ConvergenceBenchmark : IBenchmark
{
    public const string Service = "bench-svc";

    public string Name => "convergence";

    public string Summary => "route change → every proxy, N simulated proxies over three silos (--proxies 1000,5000,10000 --changes 20)";

    public async Task RunAsync(Options options, CancellationToken cancellationToken)
    {
        var sizes = options.Numbers("proxies", 1000, 5000, 10000);
        var silos = options.Number("silos", 3);
        var changes = options.Number("changes", 20);
        var interval = TimeSpan.FromMilliseconds(options.Number("interval-ms", 1000));
        var parallel = options.Number("connect-parallel", 256);
        var warmup = options.Number("warmup-changes", 5);
        options.EnsureAllRead();
        if (changes is < 1 or > 99)
        {
            throw new ArgumentException("--changes must be between 1 and 99");
        }

        var report = new Report(Name, "Convergence: API reply → every proxy");
        report.Settings($"{silos} silo processes on PostgreSQL 15 (one throwaway server), Release build, workstation GC; simulated proxies in one " +
            $"load process over real gRPC streams (≤ {SimulatedFleet.StreamsPerConnection} per HTTP/2 connection), spread round-robin over the silos, all " +
            $"watching '{Service}'; {warmup} warm-up changes, then {changes} measured route changes {interval.TotalMilliseconds} ms apart through one silo's Rules API (round-robin over silos); " +
            "everything on loopback.");
        var latency = new Table("proxies", "receipt p50 ms", "receipt p99 ms", "receipt max ms", "ACK p50 ms", "ACK p99 ms", "last ACK (mean of changes) ms", "last ACK max ms", "missed");
        var cost = new Table("proxies", "silos healthy s", "all connected after silo start s", "connect phase s", "silo RSS / 1k proxies MB", "silo CPU idle % core", "silo CPU per change ms (above idle)", "load process CPU per change ms", "pushes per proxy");
        foreach (var size in sizes)
        {
            Console.WriteLine($"[{DateTime.Now:HH:mm:ss}] convergence: {size} proxies");
            var run = await RunOnceAsync(size, silos, changes, warmup, interval, parallel, cancellationToken);
            latency.Add(run.Latency);
            cost.Add(run.Cost);
            Console.WriteLine(string.Join(" | ", run.Latency));
            Console.WriteLine(string.Join(" | ", run.Cost));
        }

        report.Add(latency);
        report.Add(cost);
        report.Note("Receipt: the simulated proxy read the config off its stream; ACK: it wrote its ACK. Times are from the moment the " +
            "PUT's reply was read, on the same clock (one process). \"last ACK\" is, per change, the slowest proxy's ACK. \"missed\" counts " +
            "(proxy, change) pairs never delivered (must be 0). Silo RSS per 1k proxies: the silos' RSS growth from before the proxies " +
            "connected to after, summed over silos, per 1,000 proxies. CPU idle: all silos together while N proxies are connected and nothing " +
            "changes. CPU per change: all silos' CPU time during the changes divided by their number.");
        report.Publish();
    }

    private static async Task<(string[] Latency, string[] Cost)> RunOnceAsync(int size, int siloCount, int changes, int warmup, TimeSpan interval, int parallel, CancellationToken cancellationToken)
    {
        await using var cluster = await BenchCluster.StartAsync(siloCount);
        var apis = cluster.Silos.Select(RouteChanges.Client).ToList();
        try
        {
            await RouteChanges.PutAsync(apis[0], Service, -1, cancellationToken);
            await Task.Delay(TimeSpan.FromSeconds(2), cancellationToken);
            var before = ProcessStats.Sum(cluster.SiloPids);

            await using var fleet = new SimulatedFleet([.. cluster.Silos.Select(s => s.DiscoveryUrl)], size, "bench-caller", Service, changes);
            var connectStart = Stopwatch.GetTimestamp();
            await fleet.ConnectAsync(parallel, cancellationToken);
            if (!await fleet.WaitAllAsync(p => p.Highest >= -1, TimeSpan.FromMinutes(5), cancellationToken))
            {
                throw new TimeoutException($"{fleet.Proxies.Count(p => p.Highest < -1)} of {size} proxies got no config within 5 minutes");
            }

            var connected = Stopwatch.GetTimestamp();

            // Idle: once the connect backlog (activations, session records, tiered JIT) has drained, i.e. two 3 s
            // windows in a row within 20% of each other (at most 30 s of waiting).
            var (settled, loadSettled) = (ProcessStats.Sum(cluster.SiloPids), ProcessStats.Of(Environment.ProcessId));
            var (idle, loadIdle) = (settled, loadSettled);
            var window = TimeSpan.FromSeconds(3);
            double? previousRate = null;
            for (var i = 0; i < 10; i++)
            {
                (settled, loadSettled) = (idle, loadIdle);
                await Task.Delay(window, cancellationToken);
                (idle, loadIdle) = (ProcessStats.Sum(cluster.SiloPids), ProcessStats.Of(Environment.ProcessId));
                var rate = (idle.Cpu - settled.Cpu).TotalSeconds / window.TotalSeconds;
                if (previousRate is { } p && Math.Abs(rate - p) <= 0.2 * Math.Max(p, 0.01))
                {
                    break;
                }

                previousRate = rate;
            }

            var idleCpu = (idle.Cpu - settled.Cpu).TotalSeconds / window.TotalSeconds * 100;

            // Warm-up changes (not measured): the push path's code is jitted and tiered up before the measured ones.
            for (var w = 0; w < warmup; w++)
            {
                await RouteChanges.PutAsync(apis[w % apis.Count], Service, -1, cancellationToken);
                await Task.Delay(interval, cancellationToken);
            }

            var replies = new long[changes];
            var changesStart = Stopwatch.GetTimestamp();
            for (var k = 0; k < changes; k++)
            {
                var started = Stopwatch.GetTimestamp();
                replies[k] = await RouteChanges.PutAsync(apis[k % apis.Count], Service, k, cancellationToken);
                var rest = interval - Stopwatch.GetElapsedTime(started);
                if (rest > TimeSpan.Zero)
                {
                    await Task.Delay(rest, cancellationToken);
                }
            }

            await fleet.WaitAllAsync(p => p.AckedAt(changes - 1) != 0, TimeSpan.FromSeconds(30), cancellationToken);
            var after = ProcessStats.Sum(cluster.SiloPids);
            var loadAfter = ProcessStats.Of(Environment.ProcessId);
            var changesDuration = Stopwatch.GetElapsedTime(changesStart);
            var perChange = ((after.Cpu - idle.Cpu).TotalMilliseconds - (idleCpu / 100 * changesDuration.TotalMilliseconds)) / changes;
            var loadIdleRate = (loadIdle.Cpu - loadSettled.Cpu).TotalMilliseconds / window.TotalMilliseconds;
            var loadPerChange = ((loadAfter.Cpu - loadIdle.Cpu).TotalMilliseconds - (loadIdleRate * changesDuration.TotalMilliseconds)) / changes;

            var received = new List<double>(size * changes);
            var acked = new List<double>(size * changes);
            var lastAcks = new List<double>(changes);
            var missed = 0;
            for (var k = 0; k < changes; k++)
            {
                var last = double.NaN;
                foreach (var proxy in fleet.Proxies)
                {
                    if (proxy.ReceivedAt(k) is var r && r == 0)
                    {
                        missed++;
                        continue;
                    }

                    received.Add(RouteChanges.Milliseconds(replies[k], r));
                    if (proxy.AckedAt(k) is var a && a != 0)
                    {
                        var ackMs = RouteChanges.Milliseconds(replies[k], a);
                        acked.Add(ackMs);
                        last = double.IsNaN(last) ? ackMs : Math.Max(last, ackMs);
                    }
                }

                lastAcks.Add(last);
            }

            var r50 = new Percentiles(received);
            var a50 = new Percentiles(acked);
            var last50 = new Percentiles(lastAcks.Where(l => !double.IsNaN(l)));
            var pushes = fleet.Proxies.Average(p => p.Pushes - 1);
            var ms = RouteChanges.Ms;
            string[] latency = [size.ToString("N0", CultureInfo.InvariantCulture), ms(r50[50]), ms(r50[99]), ms(r50.Max), ms(a50[50]), ms(a50[99]), ms(last50.Mean), ms(last50.Max), missed.ToString(CultureInfo.InvariantCulture)];
            string[] cost =
            [
                size.ToString("N0", CultureInfo.InvariantCulture),
                cluster.StartDuration.TotalSeconds.ToString("F1", CultureInfo.InvariantCulture),
                RouteChanges.Milliseconds(cluster.StartedAt, connected) is var total ? (total / 1000).ToString("F1", CultureInfo.InvariantCulture) : "",
                (RouteChanges.Milliseconds(connectStart, connected) / 1000).ToString("F1", CultureInfo.InvariantCulture),
                ((idle.RssMiB - before.RssMiB) / (size / 1000d)).ToString("F1", CultureInfo.InvariantCulture),
                idleCpu.ToString("F1", CultureInfo.InvariantCulture),
                perChange.ToString("F0", CultureInfo.InvariantCulture),
                loadPerChange.ToString("F0", CultureInfo.InvariantCulture),
                pushes.ToString("F2", CultureInfo.InvariantCulture),
            ];
            return (latency, cost);
        }
        finally
        {
            foreach (var api in apis)
            {
                api.Dispose();
            }
        }
    }
}
