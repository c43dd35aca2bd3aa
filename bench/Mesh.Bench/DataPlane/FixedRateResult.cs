namespace Mesh.Bench.DataPlane;

/// <summary>Latencies of an open-loop run, each from its request's scheduled send time.</summary>
public sealed record FixedRateResult(int Sent, int Failed, double P50Ms, double P99Ms, double MaxMs);
