namespace Mesh.ProxyAgent.RateLimiting;

/// <summary>A service policy's rate limit as compiled: the quota and whose it is.</summary>
internal sealed record RateLimitSpec(RateLimitQuota Quota, RateLimitScope Scope)
{
    /// <summary>
    /// What one instance admits: the whole quota for <see cref="RateLimitScope.Instance"/>, else an equal share over the
    /// healthy instances (at least one).
    /// </summary>
    public RateLimitQuota For(int healthyInstances) =>
        Scope == RateLimitScope.Instance ? Quota : RateLimitShare.PerInstance(Quota, healthyInstances);
}
