namespace Mesh.Model.Registry;

/// <summary>Service-level traffic settings. Without explicit subsets, subset <c>vX</c> selects the endpoints
/// whose label <c>version</c> is <c>vX</c>.</summary>
[GenerateSerializer, Immutable, Alias("mesh.ServiceSettings")]
public sealed record ServiceSettings
{
    [Id(0)] public IReadOnlyList<SubsetDefinition> Subsets { get; init; } = [];

    public static ServiceSettings Default { get; } = new();
}
