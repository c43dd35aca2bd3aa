using System.Globalization;
using Mesh.Bench.Common;

namespace Mesh.Bench.DataPlane;

/// <summary>The data-plane results as one table, each figure with its ratio to nginx's in the same run.</summary>
public static class DataPlaneTable
{
    public static Table Of(IReadOnlyList<PathResult> results)
    {
        var nginx = results.Single(r => r.Path.Name == "nginx");
        var direct = results.FirstOrDefault(r => r.Path.Name == "direct");
        var table = new Table("path", "RPS", "×nginx", "p50 (wrk)", "p99 (wrk)", "p50 @rate", "p99 @rate", "×nginx", "added p99",
            "CPU µs/req", "×nginx", "RSS idle", "RSS loaded", "×nginx", "PSS idle", "failed");
        foreach (var r in results)
        {
            table.Add(
                r.Path.Name,
                F($"{r.Throughput.RequestsPerSecond / 1000:F1}k"),
                Ratio(r.Throughput.RequestsPerSecond, nginx.Throughput.RequestsPerSecond),
                Ms(r.Throughput.P50Ms),
                Ms(r.Throughput.P99Ms),
                Ms(r.FixedRate.P50Ms),
                Ms(r.FixedRate.P99Ms),
                Ratio(r.FixedRate.P99Ms, nginx.FixedRate.P99Ms),
                direct is null || ReferenceEquals(r, direct) ? "—" : Ms(r.FixedRate.P99Ms - direct.FixedRate.P99Ms),
                r.CpuMicrosecondsPerRequest is { } cpu ? F($"{cpu:F1}") : "—",
                Ratio(r.CpuMicrosecondsPerRequest, nginx.CpuMicrosecondsPerRequest),
                r.RssIdleMiB is { } idle ? F($"{idle:F0} MiB") : "—",
                r.RssLoadedMiB is { } loaded ? F($"{loaded:F0} MiB") : "—",
                Ratio(r.RssLoadedMiB, nginx.RssLoadedMiB),
                r.PssIdleMiB is { } pss ? F($"{pss:F0} MiB") : "—",
                F($"{r.Throughput.Failures + r.FixedRate.Failed}"));
        }

        return table;
    }

    private static string Ratio(double? value, double? baseline) =>
        value is { } v && baseline is { } b && b > 0 ? F($"{v / b:F2}") : "—";

    private static string Ms(double value) => F($"{value:F2} ms");

    private static string F(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
