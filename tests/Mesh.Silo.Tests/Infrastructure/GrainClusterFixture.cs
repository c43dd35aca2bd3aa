using Mesh.Grains;
using Mesh.Grains.Streams;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Orleans.TestingHost;

namespace Mesh.Silo.Tests.Infrastructure;

/// <summary>
/// One in-process silo with the real grains, in-memory storage and the services' change streams, for the silo's
/// push machinery tested on a fake clock without a silo process. The grains have a fake clock of their own, which
/// the memory streams' pulling agents also run on: an event published here is delivered only if that clock moves.
/// </summary>
public sealed class GrainClusterFixture : IAsyncLifetime
{
    private InProcessTestCluster? _cluster;

    public FakeTimeProvider GrainTime { get; } = new(new DateTimeOffset(2026, 12, 5, 12, 0, 0, TimeSpan.Zero));

    /// <summary>The silo's own services: its cluster client (streams included) and its <see cref="ILocalSiloDetails"/>.</summary>
    public IServiceProvider Silo => _cluster?.Silos[0].SiloHost.Services ?? throw new InvalidOperationException("the cluster is not deployed");

    public IClusterClient Client => Silo.GetRequiredService<IClusterClient>();

    public async Task InitializeAsync()
    {
        var builder = new InProcessTestClusterBuilder(1);
        builder.ConfigureSilo((_, silo) => silo
            .AddMemoryGrainStorage(GrainStorageNames.Mesh)
            .AddMemoryGrainStorage(ServiceStreams.PubSubStore)
            .AddMemoryStreams(ServiceStreams.Provider));
        builder.ConfigureSiloHost((_, host) => host.Services.AddSingleton<TimeProvider>(GrainTime));
        _cluster = builder.Build();
        await _cluster.DeployAsync();
    }

    public async Task DisposeAsync()
    {
        if (_cluster is not null)
        {
            await _cluster.DisposeAsync();
        }
    }
}

[CollectionDefinition(Name)]
public sealed class GrainClusterCollection : ICollectionFixture<GrainClusterFixture>
{
    public const string Name = "grain-cluster";
}
