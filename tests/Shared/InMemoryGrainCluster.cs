using Mesh.Grains;
using Mesh.Grains.Streams;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Orleans.TestingHost;

namespace Mesh.Testing.Grains;

/// <summary>
/// An in-process cluster of the real grains with in-memory grain storage, the services' change streams and a fake
/// clock (which the memory streams' pulling agents also run on: a published event is delivered only if it moves).
/// Compiled into each test project that calls grains without a silo process; each names its own fixture.
/// </summary>
public abstract class InMemoryGrainCluster(short silos, DateTimeOffset start) : IAsyncLifetime
{
    private InProcessTestCluster? _cluster;

    /// <summary>The grains' clock.</summary>
    public FakeTimeProvider Time { get; } = new(start);

    protected InProcessTestCluster Cluster => _cluster ?? throw new InvalidOperationException("the cluster is not deployed");

    public async Task InitializeAsync()
    {
        var builder = new InProcessTestClusterBuilder(silos);
        builder.ConfigureSilo((_, silo) => silo
            .AddMemoryGrainStorage(GrainStorageNames.Mesh)
            .AddMemoryGrainStorage(ServiceStreams.PubSubStore)
            .AddMemoryStreams(ServiceStreams.Provider));
        builder.ConfigureSiloHost((_, host) => host.Services.AddSingleton<TimeProvider>(Time));
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
