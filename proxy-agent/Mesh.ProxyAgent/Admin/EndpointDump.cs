namespace Mesh.ProxyAgent.Admin;

public sealed record EndpointDump
{
    public required string Id { get; init; }

    public required string Address { get; init; }

    public required IReadOnlyDictionary<string, string> Labels { get; init; }

    public required bool Healthy { get; init; }
}
