namespace Mesh.Model.Proxies;

/// <summary>A proxy's standing with one service it watches: what was sent, ACKed and NACKed.</summary>
[GenerateSerializer, Immutable, Alias("mesh.WatchStatus")]
public sealed record WatchStatus
{
    [Id(0)] public required string Service { get; init; }

    [Id(1)] public long? SentVersion { get; init; }

    [Id(2)] public long? AckedVersion { get; init; }

    [Id(3)] public long? NackedVersion { get; init; }

    /// <summary>The proxy's reason for the last NACK.</summary>
    [Id(4)] public string? Error { get; init; }

    [Id(5)] public SyncState State { get; init; }
}
