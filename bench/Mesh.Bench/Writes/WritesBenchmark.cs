using System.Diagnostics;
using System.Globalization;
using Mesh.Bench.Common;
using Mesh.Bench.ControlPlane;
using Mesh.Bench.Convergence;

namespace Mesh.Bench.Writes;

/// <summary>
/// The write path: route updates per second sustained through the Rules API (validation, PostgreSQL, history,
/// stream publish) with one silo and with three, and the API's latency meanwhile.
/// </summary>
public sealed class WritesBenchmark : IBenchmark
{
    public string Name => "writes";

    public string Summary => "sustained route updates/s through the API, one silo vs three (--writers 16 --seconds 15)";

    public async Task RunAsync(Options options, CancellationToken cancellationToken)
    {
        var writers = options.Number("writers", 16);
        var seconds = options.Number("seconds", 15);
        var warmup = options.Number("warmup-seconds", 5);
        var services = options.Number("services", 16);
        var siloCounts = options.Numbers("silos", 1, 3);
        options.EnsureAllRead();

        var report = new Report(Name, "Write path: sustained route updates through the Rules API");
        report.Settings($"silo processes on one PostgreSQL 15, Release build; {writers} concurrent writers in one load process, writer i updating service " +
            $"bench-{{i mod {services}}} through silo i mod silos, each PUT waiting for its reply (closed loop); {warmup} s warm-up, then {seconds} s measured; loopback.");
        var table = new Table("silos", "updates/s", "ratio to 1 silo", "p50 ms", "p99 ms", "max ms", "errors");
        double? baseline = null;
        foreach (var silos in siloCounts)
        {
            Console.WriteLine($"[{DateTime.Now:HH:mm:ss}] writes: {silos} silo(s)");
            var (rate, latency, errors) = await RunOnceAsync(silos, writers, services, TimeSpan.FromSeconds(warmup), TimeSpan.FromSeconds(seconds), cancellationToken);
            baseline ??= rate;
            table.Add(
                silos.ToString(CultureInfo.InvariantCulture),
                rate.ToString("F0", CultureInfo.InvariantCulture),
                (rate / baseline.Value).ToString("F2", CultureInfo.InvariantCulture),
                RouteChanges.Ms(latency[50]),
                RouteChanges.Ms(latency[99]),
                RouteChanges.Ms(latency.Max),
                errors.ToString(CultureInfo.InvariantCulture));
        }

        report.Add(table);
        report.Note("Every update is a full route document validated by the service's grain, stored in PostgreSQL with its history entry, and " +
            "published on the service's stream before the API replies. The one-silo row is the baseline of the ratio.");
        report.Publish();
    }

    private static async Task<(double Rate, Percentiles Latency, int Errors)> RunOnceAsync(
        int silos, int writers, int services, TimeSpan warmup, TimeSpan measured, CancellationToken cancellationToken)
    {
        await using var cluster = await BenchCluster.StartAsync(silos);
        var apis = cluster.Silos.Select(RouteChanges.Client).ToList();
        try
        {
            var latencies = new List<double>[writers];
            var errors = 0;
            var start = Stopwatch.GetTimestamp();
            var measureFrom = start + (long)(warmup.TotalSeconds * Stopwatch.Frequency);
            var end = measureFrom + (long)(measured.TotalSeconds * Stopwatch.Frequency);
            await Task.WhenAll(Enumerable.Range(0, writers).Select(async w =>
            {
                latencies[w] = [];
                var service = $"bench-{w % services}";
                for (var k = 0; Stopwatch.GetTimestamp() < end; k = (k + 1) % 99)
                {
                    var sent = Stopwatch.GetTimestamp();
                    try
                    {
                        var replied = await RouteChanges.PutAsync(apis[w % apis.Count], service, k, cancellationToken);
                        if (sent >= measureFrom && replied <= end)
                        {
                            latencies[w].Add(RouteChanges.Milliseconds(sent, replied));
                        }
                    }
                    catch (Exception e) when (e is InvalidOperationException or HttpRequestException)
                    {
                        Interlocked.Increment(ref errors);
                    }
                }
            }));
            var all = latencies.SelectMany(l => l).ToList();
            return (all.Count / measured.TotalSeconds, new Percentiles(all), errors);
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
