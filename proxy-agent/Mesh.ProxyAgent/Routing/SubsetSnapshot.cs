using Mesh.ProxyAgent.LoadBalancing;

namespace Mesh.ProxyAgent.Routing;

/// <summary>
/// A compiled subset: its healthy endpoints, balanced round robin. Immutable but for the round-robin cursor, which
/// is per config version.
/// </summary>
public sealed class SubsetSnapshot
{
    private readonly RoundRobin _roundRobin = new();

    /// <summary>The subset's name; empty for the implicit subset of all endpoints of a service without routes.</summary>
    public required string Name { get; init; }

    public required IReadOnlyDictionary<string, string> Labels { get; init; }

    /// <summary>The healthy endpoints carrying every one of <see cref="Labels"/>, in config order.</summary>
    public required IReadOnlyList<EndpointSnapshot> HealthyEndpoints { get; init; }

    /// <summary>The next healthy endpoint in turn, or null when the subset has none.</summary>
    public EndpointSnapshot? NextEndpoint() => _roundRobin.Next(HealthyEndpoints);
}
