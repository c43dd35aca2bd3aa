namespace Mesh.Model.Revisions;

/// <summary>One version of a versioned document as kept in its bounded history.</summary>
[GenerateSerializer, Immutable, Alias("mesh.Revision`1")]
public sealed record Revision<T>
{
    [Id(0)] public required RevisionInfo Info { get; init; }

    [Id(1)] public required T Document { get; init; }
}
