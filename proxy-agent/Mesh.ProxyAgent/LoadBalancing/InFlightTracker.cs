using System.Collections.Concurrent;
using System.Runtime.CompilerServices;

namespace Mesh.ProxyAgent.LoadBalancing;

/// <summary>
/// Requests in flight from this proxy to each endpoint, by endpoint id, for <see cref="LeastRequest"/>. Keyed by id
/// rather than by snapshot so that it outlives config versions: requests started under one version still count
/// (and end) under the next. Keep one per service for the proxy's lifetime. Thread-safe and lock-free.
/// </summary>
internal sealed class InFlightTracker
{
    private readonly ConcurrentDictionary<string, StrongBox<int>> _counters = new(StringComparer.Ordinal);

    /// <summary>
    /// Counts a request to <paramref name="endpointId"/> until the returned lease is disposed. Allocates the lease
    /// (one small object per request), plus a counter the first time an id is seen.
    /// </summary>
    public InFlightLease Start(string endpointId)
    {
        ArgumentNullException.ThrowIfNull(endpointId);
        return new InFlightLease(_counters.GetOrAdd(endpointId, static _ => new StrongBox<int>()));
    }

    /// <summary>Requests in flight to <paramref name="endpointId"/> now (0 for an id never seen). A moment's reading: it may change at once.</summary>
    public int Count(string endpointId) => _counters.TryGetValue(endpointId, out var counter) ? Volatile.Read(ref counter.Value) : 0;

    /// <summary>How many endpoints have a counter (for tests of <see cref="Prune"/>).</summary>
    internal int TrackedEndpoints => _counters.Count;

    /// <summary>
    /// Forgets idle endpoints that are no longer in the config, so endpoint churn does not grow the map without bound;
    /// call it when a config version is applied. A lease started at the same moment on a pruned counter still ends
    /// correctly but is not seen by <see cref="Count"/> (one request under-counted for a moment, which P2C tolerates).
    /// </summary>
    public void Prune(IReadOnlySet<string> liveEndpointIds)
    {
        ArgumentNullException.ThrowIfNull(liveEndpointIds);
        foreach (var pair in _counters)
        {
            if (!liveEndpointIds.Contains(pair.Key) && Volatile.Read(ref pair.Value.Value) == 0)
            {
                _counters.TryRemove(pair);
            }
        }
    }
}
