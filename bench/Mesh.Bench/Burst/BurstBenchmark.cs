using System.Diagnostics;
using System.Globalization;
using Mesh.Bench.Common;
using Mesh.Bench.ControlPlane;
using Mesh.Bench.Convergence;
using Mesh.Testing;

namespace Mesh.Bench.Burst;

/// <summary>
/// A burst of changes to one service within one second: every proxy must end on the last version, and coalescing
/// must spare it most of the intermediate pushes.
/// </summary>
public sealed class BurstBenchmark : IBenchmark
{
    public string Name => "burst";

    public string Summary => "100 changes to one service within 1 s; pushes per proxy and the last version everywhere (--proxies 1000)";

    public async Task RunAsync(Options options, CancellationToken cancellationToken)
    {
        var proxies = options.Number("proxies", 1000);
        var silos = options.Number("silos", 3);
        var changes = options.Number("changes", 100);
        var window = TimeSpan.FromMilliseconds(options.Number("window-ms", 1000));
        options.EnsureAllRead();

        var report = new Report(Name, "Bursts: many changes to one service within a second");
        report.Settings($"{silos} silo processes on PostgreSQL 15, Release build; {proxies:N0} simulated proxies (real protocol, real gRPC streams) spread over the " +
            $"silos, all watching '{ConvergenceBenchmark.Service}'; {changes} route changes paced evenly over {window.TotalMilliseconds} ms through the silos' Rules APIs " +
            "(open loop: each sent at its time without waiting for earlier replies); loopback.");
        await using var cluster = await BenchCluster.StartAsync(silos);
        var apis = cluster.Silos.Select(RouteChanges.Client).ToList();
        try
        {
            await RouteChanges.PutAsync(apis[0], ConvergenceBenchmark.Service, -1, cancellationToken);
            await using var fleet = new SimulatedFleet([.. cluster.Silos.Select(s => s.DiscoveryUrl)], proxies, "bench-caller", ConvergenceBenchmark.Service, changes);
            await fleet.ConnectAsync(256, cancellationToken);
            if (!await fleet.WaitAllAsync(p => p.Highest >= -1, TimeSpan.FromMinutes(3), cancellationToken))
            {
                throw new TimeoutException("not every proxy got its first config");
            }

            await Task.Delay(TimeSpan.FromSeconds(2), cancellationToken);
            var before = fleet.Proxies.Select(p => p.Pushes).ToArray();
            // Open loop: each change is sent at its time whatever the replies before it, as a burst of admins or a
            // script would; concurrent writes commit in some order, and the last one committed is what every proxy must end on.
            var start = Stopwatch.GetTimestamp();
            var writes = new List<Task<long>>(changes);
            for (var k = 0; k < changes; k++)
            {
                var due = start + (long)(window.TotalSeconds * Stopwatch.Frequency * k / changes);
                var wait = RouteChanges.Milliseconds(Stopwatch.GetTimestamp(), due);
                if (wait > 1)
                {
                    await Task.Delay(TimeSpan.FromMilliseconds(wait), cancellationToken);
                }

                writes.Add(RouteChanges.PutAsync(apis[k % apis.Count], ConvergenceBenchmark.Service, k, cancellationToken));
            }

            var last = (await Task.WhenAll(writes)).Max();
            var burst = RouteChanges.Milliseconds(start, last);
            var final = await RouteChanges.CurrentChangeAsync(apis[0], ConvergenceBenchmark.Service, cancellationToken);
            var allOnLast = await fleet.WaitAllAsync(p => p.Last == final, TimeSpan.FromSeconds(30), cancellationToken);
            var settled = RouteChanges.Milliseconds(last, Stopwatch.GetTimestamp());
            await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken);
            var pushes = new Percentiles(fleet.Proxies.Select((p, i) => (double)(p.Pushes - before[i])));
            var onLast = fleet.Proxies.Count(p => p.Last == final);

            var table = new Table("proxies", "changes", "all replies within ms", "proxies on the last version", "pushes per proxy: mean", "p50", "p99", "max", "last reply → every proxy on the final version ms");
            table.Add(
                proxies.ToString("N0", CultureInfo.InvariantCulture),
                changes.ToString(CultureInfo.InvariantCulture),
                burst.ToString("F0", CultureInfo.InvariantCulture),
                $"{onLast:N0} of {proxies:N0}{(allOnLast ? "" : " (TIMED OUT)")}",
                pushes.Mean.ToString("F1", CultureInfo.InvariantCulture),
                pushes[50].ToString("F0", CultureInfo.InvariantCulture),
                pushes[99].ToString("F0", CultureInfo.InvariantCulture),
                pushes.Max.ToString("F0", CultureInfo.InvariantCulture),
                RouteChanges.Ms(settled));
            report.Add(table);
            report.Note("Pushes per proxy: configs each proxy received during the burst and the second after it. Each silo keeps one pending push per " +
                "proxy and service, newest version wins, so a proxy gets a push when its previous one is written, not one per change.");
            report.Publish();
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
