namespace Mesh.ProxyAgent.Resilience;

/// <summary>
/// Caps the retries to one service so that they never exceed <see cref="RetryBudgetOptions.RetryRatio"/> of its
/// requests over a sliding window (or <see cref="RetryBudgetOptions.MinRetriesPerSecond"/>, when that is more), so
/// that retries cannot multiply the load on a service that is already failing. Keep one per service for the proxy's
/// lifetime. Thread-safe: every call takes a short lock and allocates nothing.
/// </summary>
/// <remarks>
/// The window is <see cref="RetryBudgetOptions.Buckets"/> buckets of time from the injected <see cref="TimeProvider"/>:
/// a count lives from its bucket's start until one window after, so the effective window is between
/// <c>Window - Window/Buckets</c> and <c>Window</c> long. Requests and retries expire together, so the ratio holds
/// within every window.
/// </remarks>
internal sealed class RetryBudget
{
    private readonly Lock _gate = new();
    private readonly TimeProvider _time;
    private readonly double _ratio;
    private readonly int _minimum;
    private readonly long _bucketTicks;
    private readonly long[] _epochs;
    private readonly int[] _requests;
    private readonly int[] _retries;

    /// <summary>An empty budget (so only the minimum is available until requests are recorded).</summary>
    public RetryBudget(RetryBudgetOptions options, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(time);
        ArgumentOutOfRangeException.ThrowIfNegative(options.RetryRatio);
        ArgumentOutOfRangeException.ThrowIfNegative(options.MinRetriesPerSecond);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.Buckets, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.Window, TimeSpan.FromMilliseconds(options.Buckets));
        _time = time;
        _ratio = options.RetryRatio;
        _minimum = (int)Math.Ceiling(options.MinRetriesPerSecond * options.Window.TotalSeconds);
        _bucketTicks = Math.Max(1, (long)(options.Window.TotalSeconds / options.Buckets * time.TimestampFrequency));
        _epochs = new long[options.Buckets];
        Array.Fill(_epochs, long.MinValue);
        _requests = new int[options.Buckets];
        _retries = new int[options.Buckets];
    }

    /// <summary>Counts one request to the service: its first attempt, never its retries.</summary>
    public void RecordRequest()
    {
        lock (_gate)
        {
            _requests[Current()]++;
        }
    }

    /// <summary>
    /// Takes one retry from the budget and returns true, or returns false (and counts nothing) when the retries in the
    /// window already reach <c>max(floor(RetryRatio × requests), MinRetriesPerSecond × Window)</c>.
    /// </summary>
    public bool TryAcquireRetry()
    {
        lock (_gate)
        {
            var current = Current();
            var requests = 0;
            var retries = 0;
            for (var i = 0; i < _epochs.Length; i++)
            {
                if (_epochs[i] > _epochs[current] - _epochs.Length)
                {
                    requests += _requests[i];
                    retries += _retries[i];
                }
            }

            // The epsilon keeps a product such as 0.29 × 100 = 28.999999999999996 from losing a whole retry to rounding.
            if (retries >= Math.Max((long)Math.Floor((_ratio * requests) + 1e-9), _minimum))
            {
                return false;
            }

            _retries[current]++;
            return true;
        }
    }

    /// <summary>The bucket of now, emptied first if it last held an older epoch. Call under the lock.</summary>
    private int Current()
    {
        var epoch = _time.GetTimestamp() / _bucketTicks;
        var index = (int)(epoch % _epochs.Length);
        if (_epochs[index] != epoch)
        {
            _epochs[index] = epoch;
            _requests[index] = 0;
            _retries[index] = 0;
        }

        return index;
    }
}
