namespace Mesh.Model.Routing;

/// <summary>A subset of the target service and the share of a route's traffic it receives.</summary>
/// <remarks>Weights are integers from 0 to 100 summing to 100 within a route. A route's only destination may
/// omit its weight, which then means 100; the stored document always carries it.</remarks>
[GenerateSerializer, Immutable, Alias("mesh.WeightedDestination")]
public sealed record WeightedDestination
{
    [Id(0)] public string? Subset { get; init; }

    [Id(1)] public int? Weight { get; init; }
}
