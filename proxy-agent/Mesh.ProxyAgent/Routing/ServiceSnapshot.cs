namespace Mesh.ProxyAgent.Routing;

/// <summary>The compiled, immutable config of one service, as one version from the control plane.</summary>
public sealed class ServiceSnapshot
{
    public required string Service { get; init; }

    public required long Version { get; init; }

    /// <summary>Tried in order, the first that matches wins (every route matches until match rules arrive).</summary>
    public required IReadOnlyList<RouteSnapshot> Routes { get; init; }

    public required IReadOnlyList<SubsetSnapshot> Subsets { get; init; }

    /// <summary>Every endpoint, healthy or not, in config order.</summary>
    public required IReadOnlyList<EndpointSnapshot> Endpoints { get; init; }

    /// <summary>All healthy endpoints, used when the service has no routes.</summary>
    public required SubsetSnapshot AllEndpoints { get; init; }
}
