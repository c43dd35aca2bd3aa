using Mesh.Model.Proxies;
using Mesh.Silo.Discovery;
using Mesh.Silo.Push;
using Mesh.Silo.Tests.Infrastructure;
using Mesh.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace Mesh.Silo.Tests.Push;

/// <summary>
/// A change whose stream event was lost reaches the proxies at the next reconcile period boundary, never before. The
/// documents change without an event, so only the reconciler can read them again.
/// </summary>
[Collection(GrainClusterCollection.Name)]
public sealed class WatchReconcilerTests(GrainClusterFixture cluster) : IAsyncLifetime
{
    private static readonly DiscoveryOptions Options = new() { ReconcilePeriod = TimeSpan.FromSeconds(5) };
    private static readonly TimeSpan Tick = TimeSpan.FromMilliseconds(1);

    private readonly TimerClock _time = new();
    private readonly string _service = $"svc-{Guid.NewGuid():N}";
    private StoredDocuments? _documents;
    private ServiceWatchRegistry? _registry;
    private WatchReconciler? _reconciler;

    private StoredDocuments Documents => _documents!;

    private ServiceWatchRegistry Registry => _registry!;

    public async Task InitializeAsync()
    {
        _documents = new StoredDocuments(_service);
        _registry = new ServiceWatchRegistry(cluster.Client, cluster.Silo.GetRequiredService<ILocalSiloDetails>(), _documents, Options, _time, NullLogger<ServiceWatchRegistry>.Instance);
        _reconciler = new WatchReconciler(_registry, Options, _time);

        // The reconciler's timer first: the watch's debounce timer is made on the same clock.
        await _reconciler.StartAsync(CancellationToken.None);
        await _time.FirstTimer;
    }

    public async Task DisposeAsync()
    {
        await _reconciler!.StopAsync(CancellationToken.None);
        _reconciler.Dispose();
        Registry.Dispose();
    }

    private Task<int> WaitForReadsAsync(int reads, string waitingFor) =>
        Eventually.WaitAsync(() => Task.FromResult(Documents.Reads), r => r == reads, waitingFor, TimeSpan.FromSeconds(10));

    [Fact]
    public async Task ExecuteAsync_ChangeWithoutEvent_ReadAgainAtEachReconcilePeriodBoundaryNotBefore()
    {
        using var session = new SiloProxySession(new ProxyHello { ProxyId = "proxy-1", Service = "svc-a", Silo = "silo-1", Watches = [_service] }, new Dictionary<string, long>());
        await Registry.AddAsync(_service, session);
        Documents.Change();

        _time.Advance(Options.ReconcilePeriod - Tick);
        Assert.Equal(1, Documents.Reads);

        _time.Advance(Tick);
        await WaitForReadsAsync(2, "the read of the first reconcile period boundary");
        Assert.Equal(2, Registry.Watches.Single().Current!.Version);

        _time.Advance(Options.ReconcilePeriod - Tick);
        Assert.Equal(2, Documents.Reads);

        _time.Advance(Tick);
        await WaitForReadsAsync(3, "the read of the second reconcile period boundary");

        await Registry.RemoveAsync(session);
        Assert.Equal([2L], (await SessionWrites.ConfigsAsync(session)).Select(c => c.Version));
    }
}
