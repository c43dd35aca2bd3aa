namespace Mesh.ProxyAgent.Routing;

/// <summary>One endpoint of a compiled service config.</summary>
internal sealed record EndpointSnapshot
{
    public required string Id { get; init; }

    /// <summary>The address as the control plane sent it.</summary>
    public required string Address { get; init; }

    /// <summary>The normalised address that requests are forwarded to (path and query are appended).</summary>
    public required string DestinationPrefix { get; init; }

    public required IReadOnlyDictionary<string, string> Labels { get; init; }

    public required bool Healthy { get; init; }
}
