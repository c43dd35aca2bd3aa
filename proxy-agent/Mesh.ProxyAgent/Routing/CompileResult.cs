namespace Mesh.ProxyAgent.Routing;

/// <summary>A compiled snapshot, or the reason the config was rejected (sent as the Nack's error).</summary>
public sealed record CompileResult
{
    public AgentServiceSnapshot? Snapshot { get; init; }

    public string? Error { get; init; }
}
