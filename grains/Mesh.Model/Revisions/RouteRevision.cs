using Mesh.Model.Routing;

namespace Mesh.Model.Revisions;

/// <summary>One version of a route table as kept in its bounded history.</summary>
[GenerateSerializer, Immutable, Alias("mesh.RouteRevision")]
public sealed record RouteRevision
{
    [Id(0)] public required RevisionInfo Info { get; init; }

    [Id(1)] public required RouteTable Table { get; init; }
}
