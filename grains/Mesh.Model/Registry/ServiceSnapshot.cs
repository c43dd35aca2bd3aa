namespace Mesh.Model.Registry;

/// <summary>Everything the registry holds for one service at one resource version.</summary>
[GenerateSerializer, Immutable, Alias("mesh.ServiceSnapshot")]
public sealed record ServiceSnapshot
{
    [Id(0)] public required string Name { get; init; }

    /// <summary>Grows by one with each accepted change of the endpoints or settings.</summary>
    [Id(1)] public long ResourceVersion { get; init; }

    [Id(2)] public IReadOnlyList<ServiceEndpoint> Endpoints { get; init; } = [];

    [Id(3)] public ServiceSettings Settings { get; init; } = ServiceSettings.Default;
}
