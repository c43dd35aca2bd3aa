using Mesh.ProxyAgent.LoadBalancing;

namespace Mesh.ProxyAgent.Routing;

/// <summary>A compiled route: weighted destinations whose weights sum to 100.</summary>
public sealed class RouteSnapshot
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

    /// <summary>The destination subset for one request, chosen by weight.</summary>
    public SubsetSnapshot PickSubset(Random random) => Destinations[WeightedPick.Pick(_weights, random.Next(WeightedPick.Total))].Subset;
}
