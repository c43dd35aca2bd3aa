using Mesh.Model.Revisions;
using Mesh.Model.Routing;

namespace Mesh.Grains.Routing;

/// <summary>Persisted state of <see cref="RoutePolicyGrain"/>. Replaced whole on each write, never mutated in place.</summary>
[GenerateSerializer, Alias("mesh.RoutePolicyGrainState")]
public sealed record RoutePolicyGrainState
{
    [Id(0)] public long Version { get; init; }

    [Id(1)] public RouteTable Table { get; init; } = RouteTable.Empty;

    /// <summary>The kept versions, oldest first; the last one is the current version.</summary>
    [Id(2)] public IReadOnlyList<RouteRevision> History { get; init; } = [];

    /// <summary>Who wrote the current version and when; <c>null</c> before the first write.</summary>
    public RevisionInfo? Latest => History.Count > 0 ? History[^1].Info : null;
}
