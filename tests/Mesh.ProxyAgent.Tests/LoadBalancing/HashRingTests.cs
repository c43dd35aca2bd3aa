using Mesh.ProxyAgent.LoadBalancing;
using Mesh.ProxyAgent.Routing;
using static Mesh.ProxyAgent.Tests.Infrastructure.TestEndpoints;

namespace Mesh.ProxyAgent.Tests.LoadBalancing;

public sealed class HashRingTests
{
    private const int Keys = 10_000;

    private static string[] Owners(HashRing ring) =>
        Enumerable.Range(0, Keys).Select(k => ring.Locate(StableHash.Of($"user-{k}"))!.Id).ToArray();

    [Fact]
    public void Locate_SameKeyTwice_SameEndpoint()
    {
        var ring = new HashRing(Endpoints(5));

        Assert.Equal(Owners(ring), Owners(ring));
    }

    [Fact]
    public void Locate_SameSetInAnotherOrder_SameOwnerForEveryKey()
    {
        // Every proxy calling a service builds its ring from its own copy of the set: they must agree.
        Assert.Equal(Owners(new HashRing(Endpoints(6))), Owners(new HashRing(Endpoints(6).Reverse().ToArray())));
    }

    [Fact]
    public void Locate_TenEndpoints_EachOwnsATenthWithinBound()
    {
        var counts = Owners(new HashRing(Endpoints(10))).CountBy(id => id).ToDictionary();

        // With 160 points each, an endpoint's share of the ring is ~Beta(160, 1440): sd ~0.0075 (75 keys of 10000);
        // sampling 10000 keys adds sd ~30 keys; ±350 keys is more than 4.3 combined sd.
        Assert.Equal(10, counts.Count);
        Assert.All(counts.Values, count => Assert.InRange(count, 650, 1_350));
    }

    [Theory]
    [InlineData(4)]
    [InlineData(10)]
    [InlineData(20)]
    public void Locate_EndpointAddedToN_MovesAboutOneInNPlusOneKeysAllToIt(int n)
    {
        var before = Owners(new HashRing(Endpoints(n)));
        var after = Owners(new HashRing(Endpoints(n + 1)));
        var added = $"e{n}";

        var moved = Enumerable.Range(0, Keys).Where(k => before[k] != after[k]).ToArray();

        // Exact: a key moves only if it now falls on one of the new endpoint's points.
        Assert.All(moved, k => Assert.Equal(added, after[k]));

        // The new endpoint's share p = 1/(N+1) varies with where its 160 points land (~Beta(160, 160N), variance
        // p(1-p)/(160(N+1))) and with the 10000 keys sampled (variance p(1-p)/10000). Allow 4 standard deviations:
        // ±0.059 at N=4, ±0.030 at N=10, ±0.020 at N=20.
        var p = 1.0 / (n + 1);
        var sd = Math.Sqrt((p * (1 - p) / (HashRing.DefaultVirtualNodes * (n + 1))) + (p * (1 - p) / Keys));
        Assert.InRange((double)moved.Length / Keys, p - (4 * sd), p + (4 * sd));
    }

    [Fact]
    public void Locate_EndpointRemoved_MovesOnlyItsOwnKeys()
    {
        var endpoints = Endpoints(8);
        var before = Owners(new HashRing(endpoints));
        var after = Owners(new HashRing(endpoints.Where(e => e.Id != "e3").ToArray()));

        Assert.All(Enumerable.Range(0, Keys), k => Assert.True(before[k] == "e3" || before[k] == after[k], $"key {k} moved from {before[k]}"));
        Assert.DoesNotContain("e3", after);
    }

    [Fact]
    public void Locate_OwnerNotEligible_GoesToTheNextOwnerAndOthersStay()
    {
        var endpoints = Endpoints(8);
        var ring = new HashRing(endpoints);
        var withoutE3 = endpoints.Where(e => e.Id != "e3").ToArray();
        var before = Owners(ring);

        var skipping = Enumerable.Range(0, Keys).Select(k => ring.Locate(StableHash.Of($"user-{k}"), withoutE3)!.Id).ToArray();

        // Skipping e3 on the full ring lands each key exactly where a ring without e3 would put it.
        Assert.Equal(Owners(new HashRing(withoutE3)), skipping);
        Assert.All(Enumerable.Range(0, Keys), k => Assert.True(before[k] == "e3" || before[k] == skipping[k]));
    }

    [Fact]
    public void Locate_NoEligibleEndpointOnTheRing_IsNull()
    {
        var ring = new HashRing(Endpoints(3));

        Assert.Null(ring.Locate(StableHash.Of("k"), [Endpoint("stranger")]));
        Assert.Null(ring.Locate(StableHash.Of("k"), Array.Empty<EndpointSnapshot>()));
    }

    [Fact]
    public void Locate_EmptyRing_IsNull() => Assert.Null(new HashRing(Array.Empty<EndpointSnapshot>()).Locate(42));
}
