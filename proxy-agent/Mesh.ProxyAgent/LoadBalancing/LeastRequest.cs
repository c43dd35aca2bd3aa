using Mesh.ProxyAgent.Routing;

namespace Mesh.ProxyAgent.LoadBalancing;

/// <summary>
/// The <c>least-request</c> algorithm as power of two choices: two different endpoints drawn at random, the one with
/// fewer requests in flight wins (the first drawn on a tie, so idle endpoints share load evenly). Unlike a scan for
/// the global minimum it costs O(1) and does not send every concurrent caller to the same momentarily idle endpoint.
/// </summary>
/// <param name="inFlight">The counts to compare; the forwarder must start a lease on it for every attempt it sends.</param>
/// <param name="random">Pass <see cref="Random.Shared"/> in the proxy; a seeded <see cref="Random"/> is not thread-safe.</param>
internal sealed class LeastRequest(InFlightTracker inFlight, Random random) : ILoadBalancer
{
    /// <inheritdoc/>
    public EndpointSnapshot? Pick(HttpRequest request, IReadOnlyList<EndpointSnapshot> endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        switch (endpoints.Count)
        {
            case 0:
                return null;
            case 1:
                return endpoints[0];
        }

        var first = random.Next(endpoints.Count);
        var second = random.Next(endpoints.Count - 1);
        if (second >= first)
        {
            second++;
        }

        var a = endpoints[first];
        var b = endpoints[second];
        return inFlight.Count(b.Id) < inFlight.Count(a.Id) ? b : a;
    }
}
