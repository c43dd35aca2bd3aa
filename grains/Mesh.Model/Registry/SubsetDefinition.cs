namespace Mesh.Model.Registry;

/// <summary>A named subset of a service's endpoints, selected by labels (all must match).</summary>
[GenerateSerializer, Immutable, Alias("mesh.SubsetDefinition")]
public sealed record SubsetDefinition
{
    [Id(0)] public required string Name { get; init; }

    [Id(1)] public IReadOnlyDictionary<string, string> Labels { get; init; } = new Dictionary<string, string>();
}
