namespace Mesh.ProxyAgent.RateLimiting;

/// <summary>Who a rate limit's quota belongs to.</summary>
internal enum RateLimitScope
{
    /// <summary>Each instance admits the whole quota.</summary>
    Instance,

    /// <summary>The quota is the service's; each healthy instance admits its share (<see cref="RateLimitShare"/>).</summary>
    Service,
}
