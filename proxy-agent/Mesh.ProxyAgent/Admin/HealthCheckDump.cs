namespace Mesh.ProxyAgent.Admin;

/// <summary>The service policy's active health check in the Rules API's shape.</summary>
public sealed record HealthCheckDump
{
    public required string Path { get; init; }

    /// <summary>A duration such as <c>5s</c>.</summary>
    public required string Interval { get; init; }

    public required int UnhealthyThreshold { get; init; }

    public required int HealthyThreshold { get; init; }
}
