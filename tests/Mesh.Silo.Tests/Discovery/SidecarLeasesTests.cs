using Mesh.Grains.Registry;
using Mesh.Model.Proxies;
using Mesh.Model.Registry;
using Mesh.Silo.Discovery;
using Mesh.Silo.Push;
using Mesh.Silo.Tests.Infrastructure;
using Mesh.Testing;
using Microsoft.Extensions.Logging.Abstractions;

namespace Mesh.Silo.Tests.Discovery;

/// <summary>
/// When the silo renews its sidecars' leases and registers lost ones again: at each renew period boundary, never
/// before. The service grain stamps renewals with its own clock, moved between renewals to tell them apart.
/// </summary>
[Collection(GrainClusterCollection.Name)]
public sealed class SidecarLeasesTests(GrainClusterFixture cluster) : IAsyncLifetime
{
    private static readonly DiscoveryOptions Options = new() { Lease = TimeSpan.FromSeconds(5), RenewPeriod = TimeSpan.FromMilliseconds(1500) };
    private static readonly TimeSpan Tick = TimeSpan.FromMilliseconds(1);

    private readonly TimerClock _time = new();
    private readonly string _service = $"svc-{Guid.NewGuid():N}";
    private readonly List<SiloProxySession> _sessions = [];
    private SidecarLeases? _leases;

    private IServiceGrain Grain => cluster.Client.GetGrain<IServiceGrain>(_service);

    private SidecarLeases Leases => _leases!;

    public async Task InitializeAsync()
    {
        _leases = new SidecarLeases(cluster.Client, Options, _time, NullLogger<SidecarLeases>.Instance);
        await _leases.StartAsync(CancellationToken.None);
        await _time.FirstTimer;
    }

    public async Task DisposeAsync()
    {
        await Leases.StopAsync(CancellationToken.None);
        Leases.Dispose();
        _sessions.ForEach(s => s.Dispose());
    }

    private (SiloProxySession Session, EndpointRegistration Registration) Sidecar(string proxyId, int port)
    {
        var session = new SiloProxySession(new ProxyHello { ProxyId = proxyId, Service = _service, Silo = "127.0.0.1:11111" }, new Dictionary<string, long>());
        _sessions.Add(session);
        return (session, new EndpointRegistration
        {
            Id = proxyId,
            Address = $"http://127.0.0.1:{port}",
            Labels = new Dictionary<string, string> { ["version"] = "v1" },
            Source = EndpointSources.Sidecar,
            ProxyId = proxyId,
            Lease = Options.Lease,
        });
    }

    private async Task<DateTimeOffset?> LeaseExpiryAsync() => Assert.Single((await Grain.GetAsync()).Endpoints).LeaseExpiresAt;

    [Fact]
    public async Task Track_LeaseRenewedAtEachRenewPeriodBoundaryNotBefore()
    {
        var (session, registration) = Sidecar("proxy-1", 15006);
        await Grain.UpsertEndpointAsync(registration);
        Leases.Track(session, registration);

        for (var renewal = 1; renewal <= 2; renewal++)
        {
            var expiry = await LeaseExpiryAsync();
            cluster.Time.Advance(TimeSpan.FromSeconds(1));
            _time.Advance(Options.RenewPeriod - Tick);
            Assert.Equal(expiry, await LeaseExpiryAsync());

            _time.Advance(Tick);
            var renewed = cluster.Time.GetUtcNow() + Options.Lease;
            await Eventually.WaitAsync(LeaseExpiryAsync, e => e == renewed, $"renewal {renewal} at its renew period boundary", TimeSpan.FromSeconds(10));
        }
    }

    [Fact]
    public async Task Track_EndpointTheServiceNoLongerHolds_RegisteredAgainAtTheBoundaryUnlessUntracked()
    {
        var (kept, keptRegistration) = Sidecar("proxy-1", 15006);
        var (ended, endedRegistration) = Sidecar("proxy-2", 15007);
        Leases.Track(kept, keptRegistration);
        Leases.Track(ended, endedRegistration);
        Leases.Untrack(ended);

        _time.Advance(Options.RenewPeriod - Tick);
        Assert.Empty((await Grain.GetAsync()).Endpoints);

        _time.Advance(Tick);
        await Eventually.WaitAsync(Grain.GetAsync, s => s.Endpoints.Count > 0, "the lost endpoint registered again at the renew period boundary", TimeSpan.FromSeconds(10));

        // Once the next renewal (stamped later by the grain's clock) is seen, the round that would have registered the
        // untracked session again is over.
        cluster.Time.Advance(TimeSpan.FromSeconds(1));
        _time.Advance(Options.RenewPeriod);
        var renewed = cluster.Time.GetUtcNow() + Options.Lease;
        var snapshot = await Eventually.WaitAsync(Grain.GetAsync, s => s.Endpoints.Any(e => e.LeaseExpiresAt == renewed), "the next renewal", TimeSpan.FromSeconds(10));
        Assert.Equal(("proxy-1", "http://127.0.0.1:15006"), (Assert.Single(snapshot.Endpoints).Id, snapshot.Endpoints[0].Address));
    }
}
