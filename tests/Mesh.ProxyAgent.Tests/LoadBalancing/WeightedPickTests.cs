using Mesh.ProxyAgent.LoadBalancing;
using Mesh.ProxyAgent.Routing;
using static Mesh.ProxyAgent.Tests.Infrastructure.TestConfigs;

namespace Mesh.ProxyAgent.Tests.LoadBalancing;

public sealed class WeightedPickTests
{
    private static int[] CountOverEveryRoll(params int[] weights)
    {
        var counts = new int[weights.Length];
        for (var roll = 0; roll < WeightedPick.Total; roll++)
        {
            counts[WeightedPick.Pick(weights, roll)]++;
        }

        return counts;
    }

    [Fact]
    public void Pick_EveryRollOnce_GivesEachIndexExactlyItsWeight() => Assert.Equal([90, 10], CountOverEveryRoll(90, 10));

    [Fact]
    public void Pick_ZeroWeights_AreNeverPicked() => Assert.Equal([0, 100, 0], CountOverEveryRoll(0, 100, 0));

    [Fact]
    public void Pick_ThreeWay_MapsRollsToContiguousShares()
    {
        Assert.Equal(0, WeightedPick.Pick([50, 30, 20], 49));
        Assert.Equal(1, WeightedPick.Pick([50, 30, 20], 50));
        Assert.Equal(1, WeightedPick.Pick([50, 30, 20], 79));
        Assert.Equal(2, WeightedPick.Pick([50, 30, 20], 80));
        Assert.Equal(2, WeightedPick.Pick([50, 30, 20], 99));
    }

    [Fact]
    public void Pick_WeightsShortOf100_Throws() => Assert.Throws<ArgumentException>(() => WeightedPick.Pick([50, 40], 95));

    [Fact]
    public void PickSubset_NinetyTenOver100kSeededPicks_StaysWithinHalfAPercent()
    {
        var route = Route(("v1", 90), ("v2", 10));
        var random = new Random(20261125);

        var v2 = Enumerable.Range(0, 100_000).Count(_ => route.PickSubset(random).Name == "v2");

        // Binomial(100000, 0.1) has a standard deviation of ~95: ±500 is more than 5 of them.
        Assert.InRange(v2, 9_500, 10_500);
    }

    [Fact]
    public void PickSubset_ZeroHundred_AlwaysPicksTheHundred()
    {
        var route = Route(("v1", 0), ("v2", 100));
        var random = new Random(7);

        Assert.All(Enumerable.Range(0, 10_000), _ => Assert.Equal("v2", route.PickSubset(random).Name));
    }

    private static RouteSnapshot Route(params (string Subset, int Weight)[] destinations) =>
        AgentConfigCompiler.Compile(Service("svc-b", 1, Split("default", destinations)).WithSubsets("v1", "v2"), DefaultGuard).Snapshot!.Routes[0];
}
