namespace Mesh.ProxyAgent.Admin;

public sealed record OutlierDetectionDump
{
    public required int Consecutive5xx { get; init; }

    /// <summary>A duration such as <c>10s</c>.</summary>
    public required string Interval { get; init; }

    /// <summary>A duration such as <c>30s</c>.</summary>
    public required string BaseEjectionTime { get; init; }

    public required int MaxEjectionPercent { get; init; }
}
