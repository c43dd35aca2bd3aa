namespace Mesh.ProxyAgent.Admin;

/// <summary>The document of <c>/config_dump</c>: who this proxy is, its session, and every config in force.</summary>
public sealed record ConfigDump
{
    public required string ProxyId { get; init; }

    public required string Service { get; init; }

    /// <summary>The silo holding the session, or null when disconnected.</summary>
    public string? Silo { get; init; }

    public bool Connected { get; init; }

    public required IReadOnlyList<ServiceDump> Services { get; init; }
}
