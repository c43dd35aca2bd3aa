namespace Mesh.ProxyAgent.Admin;

/// <summary>Where the config in force for one service came from, in <c>/config_dump</c>'s <c>sources</c>.</summary>
public sealed record ConfigDumpSource
{
    /// <summary>Pushed by a silo in this process's life.</summary>
    public const string ControlPlane = "control-plane";

    /// <summary>Read from <c>Mesh:CacheDir</c> while no silo answered, and not replaced by a push since.</summary>
    public const string Cache = "cache";

    public required string Service { get; init; }

    public required long Version { get; init; }

    public required string Source { get; init; }
}
