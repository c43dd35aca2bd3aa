namespace Mesh.ProxyAgent.Routing;

/// <summary>A compiled snapshot, or every reason the config was rejected.</summary>
internal sealed record CompileResult
{
    public AgentServiceSnapshot? Snapshot { get; init; }

    /// <summary>Each problem, naming its route, subset or endpoint; empty when <see cref="Snapshot"/> is set.</summary>
    public IReadOnlyList<string> Errors { get; init; } = [];

    /// <summary>The errors joined with "; " (sent as the Nack's error), or null when there are none.</summary>
    public string? Error => Errors.Count == 0 ? null : string.Join("; ", Errors);
}
