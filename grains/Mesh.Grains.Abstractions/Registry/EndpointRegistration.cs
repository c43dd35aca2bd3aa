namespace Mesh.Grains.Registry;

/// <summary>A request to add or replace one endpoint of a service.</summary>
[GenerateSerializer, Immutable, Alias("mesh.EndpointRegistration")]
public sealed record EndpointRegistration
{
    [Id(0)] public required string Id { get; init; }

    [Id(1)] public string? Address { get; init; }

    [Id(2)] public IReadOnlyDictionary<string, string>? Labels { get; init; }

    /// <summary>The platform adapter: <see cref="Mesh.Model.Registry.EndpointSources"/>.</summary>
    [Id(3)] public required string Source { get; init; }

    [Id(4)] public string? ProxyId { get; init; }

    /// <summary>How long a sidecar registration lives unless renewed; <c>null</c> for no lease.</summary>
    [Id(5)] public TimeSpan? Lease { get; init; }
}
