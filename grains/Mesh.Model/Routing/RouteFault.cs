namespace Mesh.Model.Routing;

/// <summary>Faults injected into a share of a route's requests, to test how callers cope.</summary>
[GenerateSerializer, Immutable, Alias("mesh.RouteFault")]
public sealed record RouteFault
{
    [Id(0)] public FaultDelay? Delay { get; init; }

    [Id(1)] public FaultAbort? Abort { get; init; }
}
