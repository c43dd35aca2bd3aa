namespace Mesh.Bench.DataPlane;

/// <summary>
/// One path's figures from one run: wrk's throughput and latency, the open-loop latencies, the proxies' CPU per
/// request over the wrk run, and their resident memory before any load and at its peak under load.
/// </summary>
public sealed record PathResult(
    PathUnderTest Path,
    WrkResult Throughput,
    FixedRateResult FixedRate,
    double? CpuMicrosecondsPerRequest,
    double? RssIdleMiB,
    double? RssLoadedMiB,
    double? PssIdleMiB);
