namespace Mesh.ProxyAgent.Admin;

public sealed record MirrorDump
{
    public required string Subset { get; init; }

    public required double Percent { get; init; }
}
