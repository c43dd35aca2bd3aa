using System.Collections.Concurrent;
using Mesh.ProxyAgent.Routing;

namespace Mesh.ProxyAgent.Resilience;

/// <summary>
/// One <see cref="OutlierDetector"/> per service for the proxy's lifetime, over the service's healthy endpoints, so
/// ejections survive config pushes. The endpoint set is brought up to date lazily, by the first request that sees a
/// new config version; changed options start a new detector (ejections under the old options are forgotten).
/// Thread-safe; a request that finds its service's detector current costs a dictionary lookup and two reads.
/// </summary>
internal sealed class OutlierDetectors(TimeProvider time)
{
    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);

    /// <summary>The detector of <paramref name="snapshot"/>'s service, over its endpoints; the snapshot must have outlier detection.</summary>
    public OutlierDetector For(AgentServiceSnapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        var options = snapshot.OutlierDetection ?? throw new ArgumentException("the service has no outlier detection", nameof(snapshot));
        var entry = _entries.GetOrAdd(snapshot.Service, static (_, state) => new Entry(new OutlierDetector(state.options, state.time), state.options), (options, time));
        if (entry.Options != options)
        {
            var replacement = new Entry(new OutlierDetector(options, time), options);
            entry = _entries.TryUpdate(snapshot.Service, replacement, entry) ? replacement : _entries[snapshot.Service];
        }

        if (Volatile.Read(ref entry.Version) != snapshot.Version)
        {
            lock (entry.Gate)
            {
                if (entry.Version != snapshot.Version)
                {
                    entry.Detector.UpdateEndpoints(snapshot.AllEndpoints.HealthyEndpoints.Select(e => e.Id));
                    Volatile.Write(ref entry.Version, snapshot.Version);
                }
            }
        }

        return entry.Detector;
    }

    private sealed class Entry(OutlierDetector detector, OutlierDetectionOptions options)
    {
        public readonly Lock Gate = new();
        public long Version = long.MinValue;

        public OutlierDetector Detector { get; } = detector;

        public OutlierDetectionOptions Options { get; } = options;
    }
}
