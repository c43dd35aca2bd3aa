using Mesh.ProxyAgent.LoadBalancing;
using Mesh.ProxyAgent.Routing;
using Microsoft.AspNetCore.Http;
using static Mesh.ProxyAgent.Tests.Infrastructure.TestEndpoints;

namespace Mesh.ProxyAgent.Tests.LoadBalancing;

public sealed class LeastRequestTests
{
    private static readonly HttpRequest Request = new DefaultHttpContext().Request;

    /// <summary>Holds <paramref name="loads"/>[i] leases on endpoint e{i}.</summary>
    private static InFlightTracker Loaded(params int[] loads)
    {
        var tracker = new InFlightTracker();
        for (var i = 0; i < loads.Length; i++)
        {
            for (var j = 0; j < loads[i]; j++)
            {
                _ = tracker.Start($"e{i}");
            }
        }

        return tracker;
    }

    private static Dictionary<string, int> Count(LeastRequest balancer, IReadOnlyList<EndpointSnapshot> endpoints, int picks) =>
        Enumerable.Range(0, picks).Select(_ => balancer.Pick(Request, endpoints)!.Id).CountBy(id => id).ToDictionary();

    [Fact]
    public void Pick_AllIdle_SpreadsEvenlyWithin700Of100k()
    {
        var counts = Count(new LeastRequest(new InFlightTracker(), new Random(20261125)), Endpoints(4), 100_000);

        // Ties go to the first of two uniform draws, so each endpoint is Binomial(100000, 1/4): sd ~137, ±700 is over 5 sd.
        Assert.Equal(4, counts.Count);
        Assert.All(counts.Values, count => Assert.InRange(count, 24_300, 25_700));
    }

    [Fact]
    public void Pick_OneEndpointBusier_NeverPicksIt()
    {
        // Two different endpoints are drawn and at most one of them is e0, which always loses.
        var counts = Count(new LeastRequest(Loaded(5, 0, 0, 0), new Random(7)), Endpoints(4), 10_000);

        Assert.False(counts.ContainsKey("e0"));
    }

    [Fact]
    public void Pick_LoadsZeroToThree_FavoursTheLessLoadedInProportion()
    {
        var counts = Count(new LeastRequest(Loaded(0, 1, 2, 3), new Random(11)), Endpoints(4), 60_000);

        // Of the 6 equally likely pairs, e0 wins the 3 it is in, e1 2, e2 1, e3 none: shares 1/2, 1/3, 1/6, 0.
        // Standard deviations over 60000 picks are ~122, ~115, ~91: ±600 is more than 4.9 of them.
        Assert.InRange(counts["e0"], 29_400, 30_600);
        Assert.InRange(counts["e1"], 19_400, 20_600);
        Assert.InRange(counts["e2"], 9_400, 10_600);
        Assert.False(counts.ContainsKey("e3"));
    }

    [Fact]
    public void Pick_TwoEndpoints_AlwaysPicksTheIdleOne()
    {
        var counts = Count(new LeastRequest(Loaded(1, 0), new Random(3)), Endpoints(2), 1_000);

        Assert.Equal(new Dictionary<string, int> { ["e1"] = 1_000 }, counts);
    }

    [Fact]
    public void Pick_LeaseDisposed_EndpointCompetesAgain()
    {
        var tracker = new InFlightTracker();
        var lease = tracker.Start("e0");
        var balancer = new LeastRequest(tracker, new Random(5));
        Assert.Equal("e1", balancer.Pick(Request, Endpoints(2))!.Id);

        lease.Dispose();

        Assert.Contains("e0", Enumerable.Range(0, 100).Select(_ => balancer.Pick(Request, Endpoints(2))!.Id));
    }

    [Fact]
    public void Pick_SingleBusyEndpoint_IsStillPicked() =>
        Assert.Equal("e0", new LeastRequest(Loaded(9), new Random(1)).Pick(Request, Endpoints(1))!.Id);

    [Fact]
    public void Pick_NoEndpoints_IsNull() =>
        Assert.Null(new LeastRequest(new InFlightTracker(), new Random(1)).Pick(Request, Array.Empty<EndpointSnapshot>()));
}
