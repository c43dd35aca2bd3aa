using Mesh.Testing.Grains;
using Microsoft.Extensions.DependencyInjection;

namespace Mesh.Silo.Tests.Infrastructure;

/// <summary>
/// One in-process silo with the real grains, for the silo's push machinery tested on a fake clock without a silo
/// process. The grains' clock (<see cref="InMemoryGrainCluster.Time"/>) is not the one the machinery under test runs on.
/// </summary>
public sealed class GrainClusterFixture() : InMemoryGrainCluster(1, new DateTimeOffset(2026, 12, 5, 12, 0, 0, TimeSpan.Zero))
{
    /// <summary>The silo's own services: its cluster client (streams included) and its <see cref="ILocalSiloDetails"/>.</summary>
    public IServiceProvider Silo => Cluster.Silos[0].SiloHost.Services;

    public IClusterClient Client => Silo.GetRequiredService<IClusterClient>();
}

[CollectionDefinition(Name)]
public sealed class GrainClusterCollection : ICollectionFixture<GrainClusterFixture>
{
    public const string Name = "grain-cluster";
}
