using System.Text.Json.Serialization;

namespace Mesh.ProxyAgent.Admin;

/// <summary>The document of <c>/config_dump</c>: who this proxy is, its session, and every config in force.</summary>
public sealed record ConfigDump
{
    public required string ProxyId { get; init; }

    public required string Service { get; init; }

    /// <summary>The silo holding the session, or null when disconnected.</summary>
    public string? Silo { get; init; }

    public bool Connected { get; init; }

    /// <summary>
    /// The discovery URLs of the silos the proxy knows, where it reconnects: the configured ones first, then the live
    /// ones the cluster reported last (Welcome, SiloList).
    /// </summary>
    public required IReadOnlyList<string> ControlPlane { get; init; }

    /// <summary>This instance's health from its active health check; left out when the proxy fronts no app.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public HealthDump? Health { get; init; }

    public required IReadOnlyList<ServiceDump> Services { get; init; }

    /// <summary>
    /// Where each config in force came from, <c>control-plane</c> or <c>cache</c>; shown when the proxy has a config
    /// cache (<c>Mesh:CacheDir</c>), left out otherwise (every config is then pushed).
    /// </summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<ConfigDumpSource>? Sources { get; init; }
}
