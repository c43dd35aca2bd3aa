using Mesh.Model.Registry;
using Mesh.Model.Revisions;

namespace Mesh.Grains.Registry;

/// <summary>Persisted state of <see cref="ServiceGrain"/>. Replaced whole on each write, never mutated in place.</summary>
[GenerateSerializer, Alias("mesh.ServiceGrainState")]
internal sealed record ServiceGrainState
{
    [Id(0)] public long Version { get; init; }

    /// <summary>Endpoints by id, in registration order.</summary>
    [Id(1)] public IReadOnlyList<ServiceEndpoint> Endpoints { get; init; } = [];

    [Id(2)] public ServiceSettings Settings { get; init; } = ServiceSettings.Default;

    /// <summary>The policy's own version (<see cref="Version"/> also moves with endpoint changes).</summary>
    [Id(3)] public long PolicyVersion { get; init; }

    /// <summary>The kept policy versions, oldest first; the last one is the current policy.</summary>
    [Id(4)] public IReadOnlyList<Revision<ServiceSettings>> PolicyHistory { get; init; } = [];
}
