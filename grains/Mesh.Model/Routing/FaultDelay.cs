namespace Mesh.Model.Routing;

/// <summary>Delay <see cref="Percent"/> of requests by <see cref="FixedDelay"/> (a duration such as <c>300ms</c>).</summary>
[GenerateSerializer, Immutable, Alias("mesh.FaultDelay")]
public sealed record FaultDelay
{
    [Id(0)] public double? Percent { get; init; }

    [Id(1)] public string? FixedDelay { get; init; }
}
