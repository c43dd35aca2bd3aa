using Mesh.Model.Routing;

namespace Mesh.Model.Revisions;

/// <summary>
/// A route table version as stored by releases before the route history became a <see cref="Revision{T}"/> list. Read
/// only, to convert stored state: the storage's JSON names this type, so its name, namespace and members stay.
/// </summary>
[GenerateSerializer, Immutable, Alias("mesh.RouteRevision")]
public sealed record RouteRevision
{
    [Id(0)] public required RevisionInfo Info { get; init; }

    [Id(1)] public required RouteTable Table { get; init; }

    public Revision<RouteTable> ToRevision() => new() { Info = Info, Document = Table };
}
