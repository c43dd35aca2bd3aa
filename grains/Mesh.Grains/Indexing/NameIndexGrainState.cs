namespace Mesh.Grains.Indexing;

/// <summary>Persisted state of <see cref="NameIndexGrain"/>.</summary>
[GenerateSerializer, Alias("mesh.NameIndexGrainState")]
internal sealed record NameIndexGrainState
{
    /// <summary>The names, sorted ordinally.</summary>
    [Id(0)] public IReadOnlyList<string> Names { get; init; } = [];
}
