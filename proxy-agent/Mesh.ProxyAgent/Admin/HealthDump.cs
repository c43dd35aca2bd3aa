namespace Mesh.ProxyAgent.Admin;

/// <summary>This instance's own health as its active health check last concluded (and reported to the silo).</summary>
public sealed record HealthDump
{
    public required bool Healthy { get; init; }

    public required string Detail { get; init; }
}
