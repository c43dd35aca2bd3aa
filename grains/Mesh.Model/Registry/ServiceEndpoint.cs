namespace Mesh.Model.Registry;

/// <summary>One instance of a service as the registry knows it.</summary>
[GenerateSerializer, Immutable, Alias("mesh.ServiceEndpoint")]
public sealed record ServiceEndpoint
{
    /// <summary>Instance id, unique within the service.</summary>
    [Id(0)] public required string Id { get; init; }

    /// <summary>Absolute http(s) URL other proxies reach the instance at.</summary>
    [Id(1)] public required string Address { get; init; }

    /// <summary>Labels such as <c>version</c>; subsets select endpoints by them.</summary>
    [Id(2)] public IReadOnlyDictionary<string, string> Labels { get; init; } = new Dictionary<string, string>();

    [Id(3)] public bool Healthy { get; init; } = true;

    /// <summary>Which platform adapter registered it: <see cref="EndpointSources"/>.</summary>
    [Id(4)] public string Source { get; init; } = EndpointSources.Api;

    /// <summary>The proxy whose session owns the endpoint, for sidecar registrations.</summary>
    [Id(5)] public string? ProxyId { get; init; }

    /// <summary>When a sidecar registration lapses unless renewed; <c>null</c> for endpoints that stay until deleted.</summary>
    [Id(6)] public DateTimeOffset? LeaseExpiresAt { get; init; }
}
