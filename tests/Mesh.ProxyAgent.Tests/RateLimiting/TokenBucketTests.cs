using Mesh.ProxyAgent.RateLimiting;
using Microsoft.Extensions.Time.Testing;

namespace Mesh.ProxyAgent.Tests.RateLimiting;

public sealed class TokenBucketTests
{
    private readonly FakeTimeProvider _time = new();

    private static int TakeAll(TokenBucket bucket)
    {
        var taken = 0;
        while (bucket.TryTake().Allowed)
        {
            taken++;
        }

        return taken;
    }

    [Fact]
    public void TryTake_NewBucket_AllowsTheBurstThenRefusesWithTheTimeToTheNextToken()
    {
        var bucket = new TokenBucket(10, 20, _time);

        Assert.Equal(20, TakeAll(bucket));

        Assert.Equal(new TokenBucketResult(false, TimeSpan.FromMilliseconds(100)), bucket.TryTake());
    }

    [Fact]
    public void TryTake_AfterRetryAfter_IsAllowedAndNotBefore()
    {
        var bucket = new TokenBucket(3, 1, _time);
        bucket.TryTake();
        var refused = bucket.TryTake();

        // 1/3 s rounded up to the next 100 ns tick, so waiting exactly that long finds the token.
        Assert.Equal(TimeSpan.FromTicks(3_333_334), refused.RetryAfter);
        _time.Advance(refused.RetryAfter - TimeSpan.FromTicks(1));
        Assert.False(bucket.TryTake().Allowed);
        _time.Advance(TimeSpan.FromTicks(1));
        Assert.True(bucket.TryTake().Allowed);
    }

    [Fact]
    public void TryTake_LongIdle_HoldsNoMoreThanTheBurst()
    {
        var bucket = new TokenBucket(100, 5, _time);
        TakeAll(bucket);

        _time.Advance(TimeSpan.FromHours(1));

        Assert.Equal(5, TakeAll(bucket));
    }

    [Fact]
    public void TryTake_TenSecondsOfGreedyCallersInMillisecondSteps_AllowsExactlyBurstPlusRateTimesTen()
    {
        var bucket = new TokenBucket(100, 20, _time);

        var allowed = TakeAll(bucket);
        for (var step = 0; step < 10_000; step++)
        {
            _time.Advance(TimeSpan.FromMilliseconds(1));
            allowed += TakeAll(bucket);
        }

        // Integer credit: 10 000 steps of 1 ms at 100/s add exactly 1000 tokens, with no rounding drift.
        Assert.Equal(20 + 1_000, allowed);
    }

    [Fact]
    public async Task TryTake_ConcurrentCallersOnAStoppedClock_AllowExactlyTheBurst()
    {
        var bucket = new TokenBucket(1_000, 50, _time);

        var allowed = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() => Enumerable.Range(0, 1_000).Count(_ => bucket.TryTake().Allowed))));

        Assert.Equal(50, allowed.Sum());
    }

    [Fact]
    public void Resize_LowerRate_RefillsAtTheNewRateFromNow()
    {
        var bucket = new TokenBucket(100, 10, _time);
        TakeAll(bucket);
        _time.Advance(TimeSpan.FromMilliseconds(50)); // 5 tokens at the old rate

        bucket.Resize(10, 10);
        _time.Advance(TimeSpan.FromMilliseconds(200)); // 2 more at the new rate

        Assert.Equal(7, TakeAll(bucket));
        Assert.Equal(10, bucket.RequestsPerSecond);
    }

    [Fact]
    public void Resize_SmallerBurst_CutsTheTokensHeld()
    {
        var bucket = new TokenBucket(10, 20, _time);

        bucket.Resize(10, 4);

        Assert.Equal(4, TakeAll(bucket));
        Assert.Equal(4, bucket.Burst);
    }

    [Theory]
    [InlineData(0, 1)]
    [InlineData(1, 0)]
    public void Constructor_RateOrBurstBelowOne_Throws(int rate, int burst) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new TokenBucket(rate, burst, _time));

    [Theory]
    [InlineData(1, 1)]
    [InlineData(10_000_000, 1)]
    [InlineData(10_000_001, 2)]
    [InlineData(20_000_001, 3)]
    public void RetryAfterSeconds_Refused_RoundsUpToWholeSecondsAndAtLeastOne(long ticks, int expected) =>
        Assert.Equal(expected, new TokenBucketResult(false, TimeSpan.FromTicks(ticks)).RetryAfterSeconds);

    [Fact]
    public void RetryAfterSeconds_Allowed_IsZero() => Assert.Equal(0, new TokenBucketResult(true, TimeSpan.Zero).RetryAfterSeconds);
}
