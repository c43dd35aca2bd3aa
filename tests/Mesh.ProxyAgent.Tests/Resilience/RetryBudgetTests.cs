using Mesh.ProxyAgent.Resilience;
using Microsoft.Extensions.Time.Testing;

namespace Mesh.ProxyAgent.Tests.Resilience;

public sealed class RetryBudgetTests
{
    private readonly FakeTimeProvider _time = new();

    /// <summary>The defaults: 20% of requests over 10 s in 1 s buckets, at least 3 retries/s (30 per window).</summary>
    private RetryBudget Budget() => new(new RetryBudgetOptions(), _time);

    private static int Record(RetryBudget budget, int requests)
    {
        for (var i = 0; i < requests; i++)
        {
            budget.RecordRequest();
        }

        return requests;
    }

    private static int TakeAll(RetryBudget budget)
    {
        var taken = 0;
        while (budget.TryAcquireRetry())
        {
            taken++;
        }

        return taken;
    }

    [Fact]
    public void TryAcquireRetry_NoTraffic_AllowsTheMinimumOfThreePerSecondOfWindow() => Assert.Equal(30, TakeAll(Budget()));

    [Fact]
    public void TryAcquireRetry_LowTraffic_StillAllowsTheMinimum()
    {
        var budget = Budget();
        Record(budget, 100);

        // 20% of 100 is 20, below the minimum of 30.
        Assert.Equal(30, TakeAll(budget));
    }

    [Fact]
    public void TryAcquireRetry_HighTraffic_AllowsExactlyTwentyPercent()
    {
        var budget = Budget();
        Record(budget, 1_000);

        Assert.Equal(200, TakeAll(budget));
    }

    [Fact]
    public void TryAcquireRetry_AfterAWholeWindow_CountsHaveExpired()
    {
        var budget = Budget();
        Record(budget, 1_000);
        TakeAll(budget);

        _time.Advance(TimeSpan.FromSeconds(10));

        Assert.Equal(30, TakeAll(budget));
    }

    [Fact]
    public void TryAcquireRetry_WindowSlides_RequestsAndRetriesExpireTogether()
    {
        var budget = Budget();
        Record(budget, 1_000);
        Assert.Equal(200, TakeAll(budget));

        _time.Advance(TimeSpan.FromSeconds(5));
        Record(budget, 1_000);
        Assert.Equal(200, TakeAll(budget)); // 2000 requests and 200 retries in the window: 200 more.

        _time.Advance(TimeSpan.FromSeconds(5) - TimeSpan.FromTicks(1));
        Assert.Equal(0, TakeAll(budget)); // still 2000 and 400

        _time.Advance(TimeSpan.FromTicks(1));
        Assert.Equal(0, TakeAll(budget)); // the first second's 1000 and 200 left together: 1000 and 200
    }

    [Fact]
    public void TryAcquireRetry_EveryRequestFailingForAMinute_RetriesNeverExceedTwentyPercentOfAnyWindow()
    {
        var budget = Budget();
        var requests = new int[60];
        var retries = new int[60];
        for (var second = 0; second < 60; second++)
        {
            for (var i = 0; i < 100; i++)
            {
                budget.RecordRequest();
                requests[second]++;
                if (budget.TryAcquireRetry())
                {
                    retries[second]++;
                }

                _time.Advance(TimeSpan.FromMilliseconds(10));
            }
        }

        // 100 requests/s is above 15/s, where the ratio alone binds: every 10 s window holds at most 20% retries.
        for (var start = 0; start + 10 <= 60; start++)
        {
            Assert.True(retries.Skip(start).Take(10).Sum() <= 0.2 * requests.Skip(start).Take(10).Sum(), $"window at {start}s");
        }

        Assert.Equal(20, retries[59]);
    }
}
