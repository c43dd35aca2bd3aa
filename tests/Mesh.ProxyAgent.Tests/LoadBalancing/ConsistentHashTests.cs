using Mesh.ProxyAgent.LoadBalancing;
using Microsoft.AspNetCore.Http;
using static Mesh.ProxyAgent.Tests.Infrastructure.TestEndpoints;

namespace Mesh.ProxyAgent.Tests.LoadBalancing;

public sealed class ConsistentHashTests
{
    private static HttpRequest Request(params (string Name, string Value)[] headers)
    {
        var request = new DefaultHttpContext().Request;
        foreach (var (name, value) in headers)
        {
            request.Headers.Append(name, value);
        }

        return request;
    }

    [Fact]
    public void Pick_SameHeaderKey_SameEndpointEveryTime()
    {
        var endpoints = Endpoints(5);
        var balancer = new ConsistentHash(new HashRing(endpoints), new HashKeySpec(Header: "x-user"));

        var picks = Enumerable.Range(0, 100).Select(_ => balancer.Pick(Request(("X-User", "alice")), endpoints)!.Id).Distinct();

        Assert.Single(picks);
    }

    [Fact]
    public void Pick_ManyHeaderKeys_SpreadOverEveryEndpoint()
    {
        var endpoints = Endpoints(5);
        var balancer = new ConsistentHash(new HashRing(endpoints), new HashKeySpec(Header: "x-user"));

        var used = Enumerable.Range(0, 1_000).Select(k => balancer.Pick(Request(("x-user", $"user-{k}")), endpoints)!.Id).Distinct();

        Assert.Equal(5, used.Count());
    }

    [Fact]
    public void Pick_CookieKey_IsTheRingOwnerOfTheCookieValue()
    {
        var endpoints = Endpoints(5);
        var ring = new HashRing(endpoints);
        var balancer = new ConsistentHash(ring, new HashKeySpec(Cookie: "session"));

        var picked = balancer.Pick(Request(("Cookie", "theme=dark; session=s-123")), endpoints);

        Assert.Same(ring.Locate(StableHash.Of("s-123")), picked);
    }

    [Fact]
    public void Pick_WithoutTheKey_FallsBackToRoundRobin()
    {
        var endpoints = Endpoints(3);
        var balancer = new ConsistentHash(new HashRing(endpoints), new HashKeySpec(Header: "x-user"));

        var picks = Enumerable.Range(0, 6).Select(_ => balancer.Pick(Request(("x-other", "1")), endpoints)!.Id);

        Assert.Equal(["e0", "e1", "e2", "e0", "e1", "e2"], picks);
    }

    [Fact]
    public void Pick_OwnerEjectedThenBack_KeyMovesAwayAndReturns()
    {
        var endpoints = Endpoints(4);
        var balancer = new ConsistentHash(new HashRing(endpoints), new HashKeySpec(Header: "x-user"));
        var request = Request(("x-user", "bob"));
        var owner = balancer.Pick(request, endpoints)!;

        var meanwhile = balancer.Pick(request, endpoints.Where(e => e.Id != owner.Id).ToArray())!;
        var afterwards = balancer.Pick(request, endpoints)!;

        Assert.NotEqual(owner.Id, meanwhile.Id);
        Assert.Same(owner, afterwards);
    }

    [Theory]
    [InlineData(null, null)]
    [InlineData("x-user", "session")]
    [InlineData("", null)]
    public void Constructor_NotExactlyOneKeySource_Throws(string? header, string? cookie) =>
        Assert.Throws<ArgumentException>(() => new ConsistentHash(new HashRing(Endpoints(1)), new HashKeySpec(header, cookie)));
}
