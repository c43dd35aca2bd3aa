namespace Mesh.Grains.Cluster;

/// <summary>What a silo serves beyond Orleans: where proxies and people reach it.</summary>
[GenerateSerializer, Immutable, Alias("mesh.SiloInfo")]
public sealed record SiloInfo
{
    /// <summary>The silo's Orleans address (<c>SiloAddress.ToString()</c>), unique per process incarnation.</summary>
    [Id(0)] public required string Silo { get; init; }

    [Id(1)] public required string DiscoveryUrl { get; init; }

    [Id(2)] public required string ApiUrl { get; init; }

    [Id(3)] public DateTimeOffset StartedAt { get; init; }
}
