using Mesh.ProxyAgent.LoadBalancing;

namespace Mesh.ProxyAgent.Routing;

/// <summary>
/// A compiled subset: its healthy endpoints and the service policy's load balancer over them. Immutable but for the
/// balancers' cursors, which are per config version.
/// </summary>
internal sealed class SubsetSnapshot
{
    private readonly RoundRobin _roundRobin = new();
    private readonly ILoadBalancer? _balancer;

    /// <summary>The subset's name; empty for the implicit subset of all endpoints of a service without routes.</summary>
    public required string Name { get; init; }

    public required IReadOnlyDictionary<string, string> Labels { get; init; }

    /// <summary>The healthy endpoints carrying every one of <see cref="Labels"/>, in config order.</summary>
    public required IReadOnlyList<EndpointSnapshot> HealthyEndpoints { get; init; }

    /// <summary>The policy's algorithm over this subset; round robin when the policy names none.</summary>
    public ILoadBalancer Balancer
    {
        get => _balancer ?? _roundRobin;
        init => _balancer = value;
    }

    /// <summary>The healthy endpoint <see cref="Balancer"/> picks for <paramref name="request"/>, or null when the subset has none.</summary>
    public EndpointSnapshot? Pick(HttpRequest request) => Balancer.Pick(request, HealthyEndpoints);

    /// <summary>The next healthy endpoint in turn (round robin whatever the policy), or null when the subset has none.</summary>
    public EndpointSnapshot? NextEndpoint() => _roundRobin.Next(HealthyEndpoints);
}
