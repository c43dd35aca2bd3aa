namespace Mesh.Model.Revisions;

/// <summary>Who made which version of a document, when, and a one-line summary of it.</summary>
[GenerateSerializer, Immutable, Alias("mesh.RevisionInfo")]
public sealed record RevisionInfo
{
    [Id(0)] public long Version { get; init; }

    [Id(1)] public DateTimeOffset At { get; init; }

    /// <summary>The signed-in user for admin UI edits, <c>api</c> for Rules API calls.</summary>
    [Id(2)] public required string By { get; init; }

    [Id(3)] public required string Summary { get; init; }
}
