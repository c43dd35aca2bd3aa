using System.Collections.Concurrent;

namespace Mesh.ProxyAgent.Resilience;

/// <summary>
/// One <see cref="ConcurrencyLimiter"/> per service for the proxy's lifetime, so a config push with the same limits
/// keeps counting the requests in flight. Changed limits replace the limiter: see the hazard on
/// <see cref="ConcurrencyLimiter"/> (for a moment both admit). The replaced one is not disposed: that would reject its
/// waiters, and its leases still end on it. Thread-safe.
/// </summary>
internal sealed class CircuitBreakers
{
    private readonly ConcurrentDictionary<string, ConcurrencyLimiter> _limiters = new(StringComparer.Ordinal);

    /// <summary>The limiter of <paramref name="service"/> with these limits.</summary>
    public ConcurrencyLimiter For(string service, CircuitBreakerLimits limits)
    {
        ArgumentNullException.ThrowIfNull(limits);
        var current = _limiters.GetOrAdd(service, static (_, l) => new ConcurrencyLimiter(l.MaxConcurrentRequests, l.MaxPendingRequests), limits);
        if (current.MaxConcurrentRequests == limits.MaxConcurrentRequests && current.MaxPendingRequests == limits.MaxPendingRequests)
        {
            return current;
        }

        var replacement = new ConcurrencyLimiter(limits.MaxConcurrentRequests, limits.MaxPendingRequests);
        return _limiters.TryUpdate(service, replacement, current) ? replacement : _limiters[service];
    }
}
