namespace Mesh.ProxyAgent.Admin;

public sealed record FaultAbortDump
{
    public required double Percent { get; init; }

    public required int HttpStatus { get; init; }
}
