namespace Mesh.Model.Routing;

/// <summary>One named rule of a route table with the weighted destinations it splits traffic over.</summary>
[GenerateSerializer, Immutable, Alias("mesh.Route")]
public sealed record Route
{
    /// <summary>Unique within its table; used in history summaries and metrics.</summary>
    [Id(0)] public string? Name { get; init; }

    [Id(1)] public IReadOnlyList<WeightedDestination>? Destinations { get; init; }
}
