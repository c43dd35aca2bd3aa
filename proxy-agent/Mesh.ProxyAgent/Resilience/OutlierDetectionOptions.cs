namespace Mesh.ProxyAgent.Resilience;

/// <summary>The service policy's <c>outlierDetection</c>, for an <see cref="OutlierDetector"/>.</summary>
internal sealed record OutlierDetectionOptions
{
    /// <summary>Consecutive failures that eject an endpoint, on the last of them (1 or more).</summary>
    public int Consecutive5xx { get; init; } = 5;

    /// <summary>The first ejection's length; the k-th in a row lasts k times as long (up to <see cref="MaxEjectionTime"/>).</summary>
    public TimeSpan BaseEjectionTime { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>The most of the set that may be out at once, rounded down, and never all of it (0 to 100).</summary>
    public int MaxEjectionPercent { get; init; } = 10;

    /// <summary>
    /// The longest a single ejection lasts however often an endpoint has been ejected (Envoy's default, 300 s); never
    /// below <see cref="BaseEjectionTime"/>.
    /// </summary>
    public TimeSpan MaxEjectionTime { get; init; } = TimeSpan.FromSeconds(300);

    /// <summary>
    /// Forgiveness, as Envoy's <c>interval</c>: each full interval an endpoint serves without being ejected takes one
    /// off its count of ejections, so an endpoint that recovered for good is no longer treated as a repeat offender.
    /// Zero keeps the count for the detector's lifetime.
    /// </summary>
    public TimeSpan Interval { get; init; } = TimeSpan.FromSeconds(10);
}
