using Mesh.Grains;
using Mesh.Grains.Streams;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Orleans.TestingHost;

namespace Mesh.Grains.Tests;

/// <summary>One in-process two-silo cluster shared by the grain tests, with in-memory grain storage and a fake clock.</summary>
public sealed class ClusterFixture : IAsyncLifetime
{
    public static readonly DateTimeOffset Start = new(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);

    private InProcessTestCluster? _cluster;

    public FakeTimeProvider Time { get; } = new(Start);

    public IGrainFactory Grains => _cluster?.Client ?? throw new InvalidOperationException("the cluster is not deployed");

    public async Task InitializeAsync()
    {
        var builder = new InProcessTestClusterBuilder(2);
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

[CollectionDefinition(Name)]
public sealed class ClusterCollection : ICollectionFixture<ClusterFixture>
{
    public const string Name = "cluster";
}
