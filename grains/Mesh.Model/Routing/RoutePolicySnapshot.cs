namespace Mesh.Model.Routing;

/// <summary>The current route table of a service at its resource version.</summary>
[GenerateSerializer, Immutable, Alias("mesh.RoutePolicySnapshot")]
public sealed record RoutePolicySnapshot
{
    [Id(0)] public required string Service { get; init; }

    /// <summary>0 before the first accepted write; grows by one with each accepted change.</summary>
    [Id(1)] public long ResourceVersion { get; init; }

    [Id(2)] public RouteTable Table { get; init; } = RouteTable.Empty;

    [Id(3)] public DateTimeOffset? ModifiedAt { get; init; }

    [Id(4)] public string? ModifiedBy { get; init; }
}
