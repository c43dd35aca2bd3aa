using System.Collections.Concurrent;

namespace Mesh.ProxyAgent.LoadBalancing;

/// <summary>
/// One <see cref="InFlightTracker"/> per service for the proxy's lifetime, so requests started under one config
/// version still count under the next. Thread-safe.
/// </summary>
internal sealed class InFlightTrackers
{
    private readonly ConcurrentDictionary<string, InFlightTracker> _trackers = new(StringComparer.Ordinal);

    /// <summary>The tracker of <paramref name="service"/>, created on first use.</summary>
    public InFlightTracker For(string service) => _trackers.GetOrAdd(service, static _ => new InFlightTracker());

    /// <summary>Forgets the trackers of services the proxy no longer holds a config for.</summary>
    public void Remove(IEnumerable<string> services)
    {
        ArgumentNullException.ThrowIfNull(services);
        foreach (var service in services)
        {
            _trackers.TryRemove(service, out _);
        }
    }
}
