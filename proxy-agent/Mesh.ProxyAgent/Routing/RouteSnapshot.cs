using Mesh.ProxyAgent.FaultInjection;
using Mesh.ProxyAgent.LoadBalancing;
using Mesh.ProxyAgent.Matching;

namespace Mesh.ProxyAgent.Routing;

/// <summary>A compiled route: when it applies, and weighted destinations whose weights sum to 100.</summary>
internal sealed class RouteSnapshot
{
    private readonly int[] _weights;

    public RouteSnapshot(string name, IReadOnlyList<WeightedSubset> destinations)
    {
        Name = name;
        Destinations = destinations;
        _weights = destinations.Select(d => d.Weight).ToArray();
    }

    public string Name { get; }

    public IReadOnlyList<WeightedSubset> Destinations { get; }

    /// <summary>The route's match as pushed (for dumps); null when it matches every request.</summary>
    public RequestMatchSpec? Match { get; init; }

    /// <summary>The compiled <see cref="Match"/>.</summary>
    public RequestMatcher Matcher { get; init; } = RequestMatcher.Any;

    /// <summary>
    /// The deadline of a whole request (delay faults aside): when it passes the forward is cancelled and the caller
    /// gets 504. Null for none.
    /// </summary>
    public TimeSpan? Timeout { get; init; }

    /// <summary>Delays and aborts injected into a share of the route's requests; null for none.</summary>
    public FaultPlan? Fault { get; init; }

    /// <summary>Whether and how failed attempts are tried again; null for never.</summary>
    public RetrySnapshot? Retries { get; init; }

    /// <summary>Where a share of the route's requests is copied, fire-and-forget; null for none.</summary>
    public MirrorSnapshot? Mirror { get; init; }

    /// <summary>The destination subset for one request, chosen by weight.</summary>
    public SubsetSnapshot PickSubset(Random random) => Destinations[WeightedPick.Pick(_weights, random.Next(WeightedPick.Total))].Subset;
}
