namespace Mesh.Grains.Cluster;

/// <summary>How many proxy sessions a silo holds, as it reported them.</summary>
[GenerateSerializer, Immutable, Alias("mesh.SiloSessions")]
public sealed record SiloSessions
{
    /// <summary>The silo's Orleans address (<see cref="SiloInfo.Silo"/>).</summary>
    [Id(0)] public required string Silo { get; init; }

    [Id(1)] public required int Sessions { get; init; }

    /// <summary>How long the count stands: after that without a new report it is unknown (the silo reports well within it).</summary>
    [Id(2)] public required TimeSpan ValidFor { get; init; }
}
