using Mesh.Grains.Streams;
using Mesh.Model.Proxies;
using Mesh.Silo.Discovery;
using Mesh.Silo.Push;
using Mesh.Silo.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Orleans.Streams;

namespace Mesh.Silo.Tests.Push;

/// <summary>One stream subscription per watched service on this silo, whatever the number of local proxies watching it.</summary>
[Collection(GrainClusterCollection.Name)]
public sealed class ServiceWatchRegistryTests : IDisposable
{
    private readonly string _service = $"svc-{Guid.NewGuid():N}";
    private readonly StoredDocuments _documents;
    private readonly ServiceWatchRegistry _registry;
    private readonly IAsyncStream<ServiceChanged> _stream;
    private readonly List<SiloProxySession> _sessions = [];

    public ServiceWatchRegistryTests(GrainClusterFixture cluster)
    {
        _documents = new StoredDocuments(_service);
        _registry = new ServiceWatchRegistry(cluster.Client, cluster.Silo.GetRequiredService<ILocalSiloDetails>(), _documents, new DiscoveryOptions(), new FakeTimeProvider(), NullLogger<ServiceWatchRegistry>.Instance);
        _stream = cluster.Client.GetStreamProvider(ServiceStreams.Provider).GetStream<ServiceChanged>(ServiceStreams.For(_service));
    }

    public void Dispose()
    {
        _sessions.ForEach(s => s.Dispose());
        _registry.Dispose();
    }

    private SiloProxySession Session(int n)
    {
        var session = new SiloProxySession(new ProxyHello { ProxyId = $"proxy-{n}", Service = "svc-a", Silo = "silo-1", Watches = [_service] }, new Dictionary<string, long>());
        _sessions.Add(session);
        return session;
    }

    [Fact]
    public async Task AddAsync_SessionsWatchingOneService_OneWatchOneSubscriptionOneRead()
    {
        var first = Session(1);
        var second = Session(2);

        await _registry.AddAsync(_service, first);
        await _registry.AddAsync(_service, second);

        Assert.Equal(_service, Assert.Single(_registry.Watches).Service);
        Assert.Single(await _stream.GetAllSubscriptionHandles());
        Assert.Equal(1, _documents.Reads);
        Assert.Equal([1L], (await SessionWrites.ConfigsAsync(first)).Select(c => c.Version));
        Assert.Equal([1L], (await SessionWrites.ConfigsAsync(second)).Select(c => c.Version));
    }

    [Fact]
    public async Task RemoveAsync_LastSessionOfAService_ReleasesItsWatchAndSubscription()
    {
        var first = Session(1);
        var second = Session(2);
        await _registry.AddAsync(_service, first);
        await _registry.AddAsync(_service, second);

        await _registry.RemoveAsync(first);
        Assert.Single(_registry.Watches);
        Assert.Single(await _stream.GetAllSubscriptionHandles());

        await _registry.RemoveAsync(second);
        Assert.Empty(_registry.Watches);
        Assert.Empty(await _stream.GetAllSubscriptionHandles());
    }
}
