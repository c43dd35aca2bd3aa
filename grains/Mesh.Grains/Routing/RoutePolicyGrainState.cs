using Mesh.Model.Revisions;
using Mesh.Model.Routing;

namespace Mesh.Grains.Routing;

/// <summary>Persisted state of <see cref="RoutePolicyGrain"/>. Replaced whole on each write, never mutated in place.</summary>
[GenerateSerializer, Alias("mesh.RoutePolicyGrainState")]
internal sealed record RoutePolicyGrainState
{
    [Id(0)] public long Version { get; init; }

    [Id(1)] public RouteTable Table { get; init; } = RouteTable.Empty;

    /// <summary>
    /// The history as stored by earlier releases (each entry a <see cref="RouteRevision"/>); read once at activation and
    /// converted by <see cref="Upgraded"/>, never written again (a write stores <c>null</c> here).
    /// </summary>
    [Id(2)] public IReadOnlyList<RouteRevision>? History { get; init; }

    /// <summary>The kept versions, oldest first; the last one is the current version.</summary>
    [Id(3)] public IReadOnlyList<Revision<RouteTable>> Revisions { get; init; } = [];

    /// <summary>This state with a history stored by an earlier release moved into <see cref="Revisions"/>.</summary>
    public RoutePolicyGrainState Upgraded() => History is { Count: > 0 } legacy && Revisions.Count == 0
        ? this with { History = null, Revisions = legacy.Select(r => r.ToRevision()).ToList() }
        : this;
}
