namespace Mesh.Grains.Cluster;

/// <summary>Persisted state of <see cref="SiloDirectoryGrain"/>.</summary>
[GenerateSerializer, Alias("mesh.SiloDirectoryGrainState")]
internal sealed record SiloDirectoryGrainState
{
    [Id(0)] public IReadOnlyList<SiloInfo> Silos { get; init; } = [];
}
