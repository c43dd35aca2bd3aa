using Mesh.ProxyAgent.Routing;

namespace Mesh.ProxyAgent.Resilience;

/// <summary>
/// Passive health of one endpoint set (a service's or a subset's endpoints, as the wiring chooses): an endpoint is
/// ejected on its <see cref="OutlierDetectionOptions.Consecutive5xx"/>-th consecutive failure, for
/// <see cref="OutlierDetectionOptions.BaseEjectionTime"/> × the number of its ejections so far, and returns by itself
/// when that time has passed. A success resets the consecutive count. Time comes from the injected
/// <see cref="TimeProvider"/>; nothing runs in the background.
/// </summary>
/// <remarks>
/// <para>
/// At most <see cref="OutlierDetectionOptions.MaxEjectionPercent"/> of the set (rounded down) is out at once, and never
/// all of it: a failure that would eject more is counted but ejects nothing, and the next failure tries again.
/// Failures reported for an endpoint while it is ejected (requests that were already in flight) are ignored.
/// </para>
/// <para>
/// Keep one detector per set for the proxy's lifetime and call <see cref="UpdateEndpoints"/> with each config
/// version, so ejections survive config pushes; reports for ids not in the set are ignored. Thread-safe:
/// <see cref="Available"/>, <see cref="IsEjected"/> and a success after a success are lock-free and allocation-free
/// while nothing is ejected; failures and the first success after a failure take a short lock.
/// </para>
/// </remarks>
internal sealed class OutlierDetector
{
    private readonly Lock _gate = new();
    private readonly OutlierDetectionOptions _options;
    private readonly TimeProvider _time;
    private volatile Dictionary<string, EndpointState> _states = new(StringComparer.Ordinal);
    private volatile Ejection[] _ejected = [];

    /// <summary>A detector over an empty set: call <see cref="UpdateEndpoints"/> before reporting.</summary>
    public OutlierDetector(OutlierDetectionOptions options, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(time);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.Consecutive5xx, 1);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(options.BaseEjectionTime, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfNegative(options.MaxEjectionPercent);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(options.MaxEjectionPercent, 100);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.Interval, TimeSpan.Zero);
        _options = options;
        _time = time;
    }

    /// <summary>
    /// Makes <paramref name="endpointIds"/> the set: new ids start clean, ids that stay keep their counts and
    /// ejections, ids that left are forgotten. A set that shrinks may leave more than the maximum share ejected until
    /// those ejections run out; none is cut short.
    /// </summary>
    public void UpdateEndpoints(IEnumerable<string> endpointIds)
    {
        ArgumentNullException.ThrowIfNull(endpointIds);
        lock (_gate)
        {
            var states = new Dictionary<string, EndpointState>(StringComparer.Ordinal);
            foreach (var id in endpointIds)
            {
                states[id] = _states.TryGetValue(id, out var state) ? state : new EndpointState();
            }

            _states = states;
            Publish(_time.GetTimestamp());
        }
    }

    /// <summary>
    /// Counts a failed attempt (a 5xx, or no response at all) and returns whether it ejected the endpoint.
    /// </summary>
    public bool ReportFailure(string endpointId)
    {
        ArgumentNullException.ThrowIfNull(endpointId);
        lock (_gate)
        {
            var now = _time.GetTimestamp();
            if (!_states.TryGetValue(endpointId, out var state) || state.EjectedUntil > now)
            {
                return false;
            }

            state.ConsecutiveFailures++;
            if (state.ConsecutiveFailures < _options.Consecutive5xx || EjectedCount(now) >= MaxEjected(_states.Count))
            {
                return false;
            }

            // Forgive one past ejection per full interval served since the last one ended.
            if (state.Ejections > 0 && _options.Interval > TimeSpan.Zero)
            {
                var served = now - state.EjectedUntil;
                state.Ejections = (int)Math.Max(0, state.Ejections - (served / Ticks(_options.Interval)));
            }

            state.Ejections++;
            var length = Math.Min(
                Ticks(_options.BaseEjectionTime) * state.Ejections,
                Math.Max(Ticks(_options.MaxEjectionTime), Ticks(_options.BaseEjectionTime)));
            Volatile.Write(ref state.EjectedUntil, now + length);
            state.ConsecutiveFailures = 0;
            Publish(now);
            return true;
        }
    }

    /// <summary>Counts a successful attempt: the endpoint's consecutive failures start again from zero.</summary>
    public void ReportSuccess(string endpointId)
    {
        ArgumentNullException.ThrowIfNull(endpointId);
        if (!_states.TryGetValue(endpointId, out var state) || Volatile.Read(ref state.ConsecutiveFailures) == 0)
        {
            return;
        }

        lock (_gate)
        {
            state.ConsecutiveFailures = 0;
        }
    }

    /// <summary>Whether <paramref name="endpointId"/> is ejected now.</summary>
    public bool IsEjected(string endpointId) =>
        _states.TryGetValue(endpointId, out var state) && Volatile.Read(ref state.EjectedUntil) > _time.GetTimestamp();

    /// <summary>
    /// <paramref name="endpoints"/> less those ejected now: the same list instance when none of them is (no
    /// allocation), a new one otherwise. Fails open: if every endpoint given is ejected (possible when the list is a
    /// subset of the detector's set), the list is returned whole rather than leaving the caller nowhere to go.
    /// </summary>
    public IReadOnlyList<EndpointSnapshot> Available(IReadOnlyList<EndpointSnapshot> endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        var ejected = _ejected;
        if (ejected.Length == 0)
        {
            return endpoints;
        }

        var now = _time.GetTimestamp();
        List<EndpointSnapshot>? available = null;
        for (var i = 0; i < endpoints.Count; i++)
        {
            var isEjected = IsIn(ejected, endpoints[i].Id, now);
            if (isEjected && available is null)
            {
                available = new List<EndpointSnapshot>(endpoints.Count - 1);
                for (var j = 0; j < i; j++)
                {
                    available.Add(endpoints[j]);
                }
            }
            else if (!isEjected)
            {
                available?.Add(endpoints[i]);
            }
        }

        return available is null || available.Count == 0 ? endpoints : available;
    }

    private int MaxEjected(int setSize) => Math.Min(setSize * _options.MaxEjectionPercent / 100, setSize - 1);

    private int EjectedCount(long now)
    {
        var count = 0;
        foreach (var state in _states.Values)
        {
            if (state.EjectedUntil > now)
            {
                count++;
            }
        }

        return count;
    }

    /// <summary>Republishes the lock-free list of ejections in force. Call under the lock.</summary>
    private void Publish(long now) =>
        _ejected = _states.Where(s => s.Value.EjectedUntil > now).Select(s => new Ejection(s.Key, s.Value.EjectedUntil)).ToArray();

    private static bool IsIn(Ejection[] ejected, string id, long now)
    {
        foreach (var ejection in ejected)
        {
            if (ejection.Until > now && string.Equals(ejection.Id, id, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    private long Ticks(TimeSpan duration) => (long)(duration.TotalSeconds * _time.TimestampFrequency);

    private readonly record struct Ejection(string Id, long Until);

    private sealed class EndpointState
    {
        public int ConsecutiveFailures;
        public int Ejections;
        public long EjectedUntil = long.MinValue;
    }
}
