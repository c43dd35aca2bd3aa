namespace Mesh.Grains.Cluster;

/// <summary>A live silo and the proxy sessions it holds (null: it has not reported lately).</summary>
[GenerateSerializer, Immutable, Alias("mesh.SiloLoad")]
public sealed record SiloLoad
{
    [Id(0)] public required SiloInfo Info { get; init; }

    [Id(1)] public int? Sessions { get; init; }
}
