namespace Mesh.ProxyAgent.Admin;

/// <summary>The service policy's rate limit in the Rules API's shape.</summary>
public sealed record RateLimitDump
{
    public required int RequestsPerSecond { get; init; }

    public required int Burst { get; init; }

    /// <summary><c>instance</c> or <c>service</c>.</summary>
    public required string Scope { get; init; }
}
