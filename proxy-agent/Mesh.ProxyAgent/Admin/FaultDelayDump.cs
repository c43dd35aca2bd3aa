namespace Mesh.ProxyAgent.Admin;

public sealed record FaultDelayDump
{
    public required double Percent { get; init; }

    /// <summary>A duration such as <c>300ms</c>.</summary>
    public required string FixedDelay { get; init; }
}
