namespace Mesh.Bench.DataPlane;

/// <summary>
/// One path's rounds folded into one result: the median of each figure (the peak for loaded memory). Paths are
/// measured in interleaved rounds so that a burst of load from elsewhere on a shared machine lands on one round of
/// every path rather than on all rounds of one.
/// </summary>
public static class RoundMedians
{
    public static PathResult Of(IReadOnlyList<PathResult> rounds)
    {
        var first = rounds[0];
        return new PathResult(
            first.Path,
            new WrkResult(
                (long)Median(rounds.Select(r => (double)r.Throughput.Requests)),
                Median(rounds.Select(r => r.Throughput.RequestsPerSecond)),
                Median(rounds.Select(r => r.Throughput.P50Ms)),
                Median(rounds.Select(r => r.Throughput.P99Ms)),
                rounds.Sum(r => r.Throughput.Failures)),
            new FixedRateResult(
                rounds.Sum(r => r.FixedRate.Sent),
                rounds.Sum(r => r.FixedRate.Failed),
                Median(rounds.Select(r => r.FixedRate.P50Ms)),
                Median(rounds.Select(r => r.FixedRate.P99Ms)),
                rounds.Max(r => r.FixedRate.MaxMs)),
            first.CpuMicrosecondsPerRequest is null ? null : Median(rounds.Select(r => r.CpuMicrosecondsPerRequest!.Value)),
            first.RssIdleMiB,
            first.RssLoadedMiB is null ? null : rounds.Max(r => r.RssLoadedMiB!.Value),
            first.PssIdleMiB);
    }

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
    }
}
