namespace Mesh.Model.Revisions;

/// <summary>
/// The current version of one of a service's versioned documents (its route table or its service policy) and who
/// made it. Each document has a resource version of its own.
/// </summary>
[GenerateSerializer, Immutable, Alias("mesh.DocumentSnapshot`1")]
public sealed record DocumentSnapshot<T>
{
    [Id(0)] public required string Service { get; init; }

    /// <summary>0 before the first accepted write; grows by one with each accepted change of the document.</summary>
    [Id(1)] public long ResourceVersion { get; init; }

    [Id(2)] public required T Document { get; init; }

    [Id(3)] public DateTimeOffset? ModifiedAt { get; init; }

    [Id(4)] public string? ModifiedBy { get; init; }
}
