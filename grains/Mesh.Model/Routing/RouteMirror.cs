namespace Mesh.Model.Routing;

/// <summary>Copies <see cref="Percent"/> (default 100) of a route's requests, fire-and-forget, to <see cref="Subset"/>.</summary>
[GenerateSerializer, Immutable, Alias("mesh.RouteMirror")]
public sealed record RouteMirror
{
    [Id(0)] public string? Subset { get; init; }

    [Id(1)] public double? Percent { get; init; }
}
