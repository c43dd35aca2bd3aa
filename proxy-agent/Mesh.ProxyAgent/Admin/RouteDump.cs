namespace Mesh.ProxyAgent.Admin;

public sealed record RouteDump
{
    public required string Name { get; init; }

    public required IReadOnlyList<DestinationDump> Destinations { get; init; }
}
