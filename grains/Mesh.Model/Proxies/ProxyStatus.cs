namespace Mesh.Model.Proxies;

/// <summary>A proxy as the control plane knows it: its identity, its session, and its sync state per watched service.</summary>
[GenerateSerializer, Immutable, Alias("mesh.ProxyStatus")]
public sealed record ProxyStatus
{
    [Id(0)] public required string Id { get; init; }

    [Id(1)] public required string Service { get; init; }

    [Id(2)] public IReadOnlyDictionary<string, string> Labels { get; init; } = new Dictionary<string, string>();

    /// <summary>Address of the silo holding the proxy's session, if one does.</summary>
    [Id(3)] public string? Silo { get; init; }

    [Id(4)] public bool Connected { get; init; }

    [Id(5)] public DateTimeOffset? LastSeen { get; init; }

    [Id(6)] public IReadOnlyList<WatchStatus> Watches { get; init; } = [];

    /// <summary>Where other proxies reach the instance, if it fronts an app.</summary>
    [Id(7)] public string? InboundAddress { get; init; }
}
