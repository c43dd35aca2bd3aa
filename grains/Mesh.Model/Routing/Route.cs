namespace Mesh.Model.Routing;

/// <summary>One named rule of a route table: when it applies, the weighted destinations it splits traffic over, and
/// how its requests are handled (timeout, retries, injected faults, mirroring). Only name and destinations are required.</summary>
[GenerateSerializer, Immutable, Alias("mesh.Route")]
public sealed record Route
{
    /// <summary>Unique within its table; used in history summaries and metrics.</summary>
    [Id(0)] public string? Name { get; init; }

    [Id(1)] public IReadOnlyList<WeightedDestination>? Destinations { get; init; }

    /// <summary>When the route applies; absent: always (a catch-all).</summary>
    [Id(2)] public RouteMatch? Match { get; init; }

    /// <summary>The whole request's deadline, a duration such as <c>2s</c>; the caller then gets 504.</summary>
    [Id(3)] public string? Timeout { get; init; }

    [Id(4)] public RouteRetries? Retries { get; init; }

    [Id(5)] public RouteFault? Fault { get; init; }

    [Id(6)] public RouteMirror? Mirror { get; init; }
}
