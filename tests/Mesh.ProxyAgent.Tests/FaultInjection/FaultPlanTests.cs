using Mesh.ProxyAgent.FaultInjection;

namespace Mesh.ProxyAgent.Tests.FaultInjection;

public sealed class FaultPlanTests
{
    private static readonly TimeSpan Delay = TimeSpan.FromMilliseconds(300);

    private static FaultDecision[] Decide(FaultPlan plan, int requests, int seed)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, requests).Select(_ => plan.Decide(random)).ToArray();
    }

    [Fact]
    public void Decide_TenPercentDelay_DelaysATenthWithin500Of100k()
    {
        var decisions = Decide(new FaultPlan(10, Delay, 0, 503), 100_000, 20261125);

        // Binomial(100000, 0.1): sd ~95, so ±500 is more than 5 sd.
        Assert.InRange(decisions.Count(d => d.IsDelayed), 9_500, 10_500);
        Assert.All(decisions.Where(d => d.IsDelayed), d => Assert.Equal(Delay, d.Delay));
        Assert.DoesNotContain(decisions, d => d.IsAborted);
    }

    [Fact]
    public void Decide_FivePercentAbort_AbortsATwentiethWithin350Of100k()
    {
        var decisions = Decide(new FaultPlan(0, TimeSpan.Zero, 5, 503), 100_000, 7);

        // Binomial(100000, 0.05): sd ~69, so ±350 is more than 5 sd.
        Assert.InRange(decisions.Count(d => d.IsAborted), 4_650, 5_350);
        Assert.All(decisions.Where(d => d.IsAborted), d => Assert.Equal(503, d.AbortStatus));
        Assert.DoesNotContain(decisions, d => d.IsDelayed);
    }

    [Fact]
    public void Decide_DelayAndAbort_ChosenIndependently()
    {
        var decisions = Decide(new FaultPlan(10, Delay, 5, 503), 100_000, 99);

        // Independent draws: both apply to 0.1 × 0.05 = 0.5% of requests. Binomial(100000, 0.005): sd ~22, ±115 is over 5 sd.
        Assert.InRange(decisions.Count(d => d.IsDelayed && d.IsAborted), 385, 615);
        Assert.InRange(decisions.Count(d => d.IsDelayed), 9_500, 10_500);
        Assert.InRange(decisions.Count(d => d.IsAborted), 4_650, 5_350);
    }

    [Fact]
    public void Decide_HundredPercent_AlwaysAndZeroNever()
    {
        var decisions = Decide(new FaultPlan(100, Delay, 0, 503), 10_000, 1);

        Assert.All(decisions, d => Assert.Equal(new FaultDecision(Delay, null), d));
    }

    [Fact]
    public void Decide_NoFractionalPercent_DrawsNothing()
    {
        var random = new Random(5);
        var twin = new Random(5);

        new FaultPlan(100, Delay, 0, 503).Decide(random);

        Assert.Equal(twin.Next(), random.Next());
    }

    [Fact]
    public void Decide_SameSeed_SameDecisions() =>
        Assert.Equal(Decide(new FaultPlan(30, Delay, 20, 500), 1_000, 42), Decide(new FaultPlan(30, Delay, 20, 500), 1_000, 42));

    [Theory]
    [InlineData(-1, 0, 503)]
    [InlineData(101, 0, 503)]
    [InlineData(double.NaN, 0, 503)]
    [InlineData(0, 100.5, 503)]
    [InlineData(0, 5, 99)]
    [InlineData(0, 5, 600)]
    public void Constructor_OutOfRange_Throws(double delayPercent, double abortPercent, int status) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new FaultPlan(delayPercent, Delay, abortPercent, status));
}
