namespace Mesh.Model.Registry;

/// <summary>The current service policy of a service at its own resource version (endpoint changes do not move it).</summary>
[GenerateSerializer, Immutable, Alias("mesh.PolicySnapshot")]
public sealed record PolicySnapshot
{
    [Id(0)] public required string Service { get; init; }

    /// <summary>0 before the first accepted write; grows by one with each accepted change of the policy.</summary>
    [Id(1)] public long ResourceVersion { get; init; }

    [Id(2)] public ServiceSettings Policy { get; init; } = ServiceSettings.Default;

    [Id(3)] public DateTimeOffset? ModifiedAt { get; init; }

    [Id(4)] public string? ModifiedBy { get; init; }
}
