namespace Mesh.ProxyAgent.Health;

/// <summary>A service policy's active health check as compiled: what to probe, how often, and the thresholds.</summary>
internal sealed record HealthCheckSpec(string Path, TimeSpan Interval, int UnhealthyThreshold, int HealthyThreshold)
{
    /// <summary>The longest a probe may take: the interval, at most 2 s, so probes never overlap.</summary>
    public TimeSpan Timeout => Interval < MaxTimeout ? Interval : MaxTimeout;

    private static TimeSpan MaxTimeout => TimeSpan.FromSeconds(2);
}
