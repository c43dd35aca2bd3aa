namespace Mesh.Silo.Push;

/// <summary>How a watch gathers the changes of a burst into one push.</summary>
internal sealed partial class ServiceWatch
{
    private readonly object _burstGate = new();
    private long _lastRefresh;
    private long _burstStart;
    private bool _inBurst;

    /// <summary>
    /// A change of the service was announced. Debounced at the trailing edge only: a change after a quiet spell
    /// (no refresh for <see cref="PushDebounce.Quiet"/>) is pushed at once; changes in a burst are gathered until
    /// the burst pauses for <see cref="PushDebounce.Quiet"/>, or until <see cref="PushDebounce.MaxDelay"/> after its
    /// first change, so a burst of 100 changes costs each proxy a few pushes instead of dozens and a lone change
    /// pays nothing.
    /// </summary>
    public void OnChanged()
    {
        lock (_burstGate)
        {
            var now = _time.GetTimestamp();
            if (!_inBurst && _time.GetElapsedTime(_lastRefresh, now) >= _debounce.Quiet)
            {
                _lastRefresh = now;
            }
            else
            {
                if (!_inBurst)
                {
                    _inBurst = true;
                    _burstStart = now;
                }

                // The timer is moved on with every change, so it fires once the burst pauses, but never past the cap.
                var untilCap = _debounce.MaxDelay - _time.GetElapsedTime(_burstStart, now);
                var due = _debounce.Quiet < untilCap ? _debounce.Quiet : untilCap;
                _burstEnd.Change(due > TimeSpan.Zero ? due : TimeSpan.Zero, Timeout.InfiniteTimeSpan);
                return;
            }
        }

        _ = RefreshAsync();
    }

    private void EndBurst()
    {
        lock (_burstGate)
        {
            // A timer that fired while a change moved it on finds the burst already ended by its earlier firing.
            if (!_inBurst)
            {
                return;
            }

            // Ended before the read: a change announced from here on is either in this read or starts another burst.
            _inBurst = false;
            _lastRefresh = _time.GetTimestamp();
        }

        _ = RefreshAsync();
    }
}
