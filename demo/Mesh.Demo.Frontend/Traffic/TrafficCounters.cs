using System.Collections.Concurrent;

namespace Mesh.Demo.Frontend.Traffic;

/// <summary>Counts calls to the backend: all of them, the failed ones, and the successful ones per version.</summary>
public sealed class TrafficCounters
{
    /// <summary>The version counted for a successful answer that did not say which version served it.</summary>
    public const string UnknownVersion = "unknown";

    private readonly ConcurrentDictionary<string, long> _byVersion = new(StringComparer.Ordinal);
    private long _requests;
    private long _failed;

    public void Record(BackendCall call)
    {
        ArgumentNullException.ThrowIfNull(call);

        // Requests are counted first and read last: a reader never sees more outcomes than requests.
        Interlocked.Increment(ref _requests);
        if (call.Succeeded)
        {
            _byVersion.AddOrUpdate(call.Version ?? UnknownVersion, 1, (_, n) => n + 1);
        }
        else
        {
            Interlocked.Increment(ref _failed);
        }
    }

    public TrafficStats Snapshot()
    {
        var byVersion = new SortedDictionary<string, long>(_byVersion, StringComparer.Ordinal);
        var failed = Interlocked.Read(ref _failed);
        return new TrafficStats(Interlocked.Read(ref _requests), failed, byVersion);
    }
}
