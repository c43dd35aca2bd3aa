namespace Mesh.ProxyAgent.RateLimiting;

/// <summary>
/// How a rate limit is divided for <c>scope: service</c>: each healthy instance enforces an equal share of the
/// service-wide budget in its own inbound proxy, and every proxy re-divides (<see cref="TokenBucket.Resize"/>) when the
/// number of healthy instances changes.
/// </summary>
internal static class RateLimitShare
{
    /// <summary>
    /// One instance's share: <c>ceil(requestsPerSecond / n)</c> and <c>ceil(burst / n)</c>. Rounding up never lets the
    /// service admit less than its budget, at the cost of up to n − 1 requests per second (and burst) more in all.
    /// Fewer than one healthy instance counts as one: the instance asking is serving, whatever the registry last said.
    /// </summary>
    public static RateLimitQuota PerInstance(RateLimitQuota service, int healthyInstances)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(service.RequestsPerSecond, 1, nameof(service));
        ArgumentOutOfRangeException.ThrowIfLessThan(service.Burst, 1, nameof(service));
        var n = Math.Max(1, healthyInstances);
        return new RateLimitQuota(CeilingDivide(service.RequestsPerSecond, n), CeilingDivide(service.Burst, n));
    }

    private static int CeilingDivide(int value, int divisor) => (int)(((long)value + divisor - 1) / divisor);
}
