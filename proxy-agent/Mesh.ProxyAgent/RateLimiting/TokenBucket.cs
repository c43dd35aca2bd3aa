namespace Mesh.ProxyAgent.RateLimiting;

/// <summary>
/// A token bucket for the inbound rate limit: it holds up to <see cref="Burst"/> tokens, starts full, refills at
/// <see cref="RequestsPerSecond"/>, and each request takes one or is refused with the time until the next. Time comes
/// from the injected <see cref="TimeProvider"/>, read on each call; nothing runs in the background. Thread-safe
/// (a short lock per call) and allocation-free.
/// </summary>
/// <remarks>
/// <para>
/// Not the framework's <c>System.Threading.RateLimiting.TokenBucketRateLimiter</c>: it reads <c>Stopwatch</c>
/// directly and takes no <see cref="TimeProvider"/> (dotnet/runtime#106447 asks for one), so its refill cannot be
/// driven by a fake clock and its tests would have to sleep; its refill rate is also fixed at construction, where
/// <c>scope: service</c> needs <see cref="Resize"/>.
/// </para>
/// <para>
/// Tokens are counted exactly in integers: the bucket holds credit in units of 1/(rate × frequency) tokens, so a
/// tick of the clock adds exactly <c>rate</c> units and no rounding accumulates however often it is read.
/// </para>
/// </remarks>
internal sealed class TokenBucket
{
    private readonly Lock _gate = new();
    private readonly TimeProvider _time;
    private readonly long _frequency;
    private long _credit;
    private long _capacity;
    private long _rate;
    private long _lastRefill;

    /// <param name="requestsPerSecond">Refill rate, 1 or more tokens per second.</param>
    /// <param name="burst">Capacity, 1 or more tokens: the most requests admitted at once after a quiet spell.</param>
    public TokenBucket(int requestsPerSecond, int burst, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(time);
        Validate(requestsPerSecond, burst);
        _time = time;
        _frequency = time.TimestampFrequency;
        _rate = requestsPerSecond;
        _capacity = burst * _frequency;
        _credit = _capacity;
        _lastRefill = time.GetTimestamp();
    }

    /// <summary>The refill rate in force.</summary>
    public int RequestsPerSecond
    {
        get
        {
            lock (_gate)
            {
                return (int)_rate;
            }
        }
    }

    /// <summary>The capacity in force.</summary>
    public int Burst
    {
        get
        {
            lock (_gate)
            {
                return (int)(_capacity / _frequency);
            }
        }
    }

    /// <summary>Takes a token if one is there: allowed, or refused with the time until one will be.</summary>
    public TokenBucketResult TryTake()
    {
        lock (_gate)
        {
            Refill();
            if (_credit >= _frequency)
            {
                _credit -= _frequency;
                return new TokenBucketResult(true, TimeSpan.Zero);
            }

            // Both conversions round up, so a caller that waits RetryAfter finds the token there.
            var ticks = ((_frequency - _credit) + _rate - 1) / _rate;
            return new TokenBucketResult(false, TimeSpan.FromTicks(((ticks * TimeSpan.TicksPerSecond) + _frequency - 1) / _frequency));
        }
    }

    /// <summary>
    /// Changes the rate and capacity from now on (for <c>scope: service</c>, when the number of healthy instances
    /// changes). Time until now is credited at the old rate; the tokens held carry over, cut to the new capacity.
    /// </summary>
    public void Resize(int requestsPerSecond, int burst)
    {
        Validate(requestsPerSecond, burst);
        lock (_gate)
        {
            Refill();
            _rate = requestsPerSecond;
            _capacity = burst * _frequency;
            _credit = Math.Min(_credit, _capacity);
        }
    }

    /// <summary>Credits the time since the last refill. Call under the lock.</summary>
    private void Refill()
    {
        var now = _time.GetTimestamp();
        var elapsed = now - _lastRefill;
        _lastRefill = now;
        if (elapsed <= 0)
        {
            return;
        }

        // Bound the product before multiplying: past a full refill the exact time does not matter, and it cannot overflow.
        var full = (_capacity / _rate) + 1;
        _credit = Math.Min(_capacity, _credit + (Math.Min(elapsed, full) * _rate));
    }

    private static void Validate(int requestsPerSecond, int burst)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(requestsPerSecond, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(burst, 1);
    }
}
