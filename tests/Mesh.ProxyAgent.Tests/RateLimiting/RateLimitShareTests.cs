using Mesh.ProxyAgent.RateLimiting;

namespace Mesh.ProxyAgent.Tests.RateLimiting;

public sealed class RateLimitShareTests
{
    [Theory]
    [InlineData(100, 20, 1, 100, 20)]
    [InlineData(100, 20, 2, 50, 10)]
    [InlineData(100, 20, 3, 34, 7)]
    [InlineData(100, 20, 7, 15, 3)]
    [InlineData(100, 20, 200, 1, 1)]
    [InlineData(100, 20, 0, 100, 20)]
    [InlineData(100, 20, -1, 100, 20)]
    [InlineData(int.MaxValue, 1, 2, 1_073_741_824, 1)]
    public void PerInstance_HealthyInstances_IsTheCeilingOfAnEqualShare(int rps, int burst, int healthy, int expectedRps, int expectedBurst) =>
        Assert.Equal(new RateLimitQuota(expectedRps, expectedBurst), RateLimitShare.PerInstance(new RateLimitQuota(rps, burst), healthy));

    [Theory]
    [InlineData(100, 3)]
    [InlineData(97, 10)]
    [InlineData(5, 4)]
    public void PerInstance_SharesAddedUp_CoverTheBudgetAndExceedItByLessThanTheInstanceCount(int rps, int healthy)
    {
        var total = RateLimitShare.PerInstance(new RateLimitQuota(rps, 1), healthy).RequestsPerSecond * healthy;

        Assert.InRange(total, rps, rps + healthy - 1);
    }
}
