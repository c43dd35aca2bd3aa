namespace Mesh.ProxyAgent.Admin;

public sealed record DestinationDump
{
    public required string Subset { get; init; }

    public required int Weight { get; init; }
}
