namespace Mesh.Bench.DataPlane;

/// <summary>What one wrk run reported: requests completed, their rate, latency percentiles and failures.</summary>
public sealed record WrkResult(long Requests, double RequestsPerSecond, double P50Ms, double P99Ms, long Failures);
