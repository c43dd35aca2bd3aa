namespace Mesh.ProxyAgent.Admin;

public sealed record SubsetDump
{
    public required string Name { get; init; }

    public required IReadOnlyDictionary<string, string> Labels { get; init; }
}
