using Mesh.ProxyAgent.LoadBalancing;
using Mesh.ProxyAgent.Routing;
using Microsoft.AspNetCore.Http;
using static Mesh.ProxyAgent.Tests.Infrastructure.TestEndpoints;

namespace Mesh.ProxyAgent.Tests.LoadBalancing;

public sealed class RandomChoiceTests
{
    [Fact]
    public void Pick_FourEndpointsOver100kSeededPicks_EachGetsAQuarterWithin700()
    {
        var random = new RandomChoice(new Random(20261125));
        var endpoints = Endpoints(4);
        var request = new DefaultHttpContext().Request;

        var counts = Enumerable.Range(0, 100_000).Select(_ => random.Pick(request, endpoints)!.Id).CountBy(id => id).ToDictionary();

        // Binomial(100000, 1/4) has a standard deviation of ~137: ±700 is more than 5 of them.
        Assert.Equal(4, counts.Count);
        Assert.All(counts.Values, count => Assert.InRange(count, 24_300, 25_700));
    }

    [Fact]
    public void Pick_NoEndpoints_IsNull() =>
        Assert.Null(new RandomChoice(new Random(1)).Pick(new DefaultHttpContext().Request, Array.Empty<EndpointSnapshot>()));
}
