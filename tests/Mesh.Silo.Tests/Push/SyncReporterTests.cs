using Mesh.Grains.Proxies;
using Mesh.Model.Proxies;
using Mesh.Silo.Discovery;
using Mesh.Silo.Push;
using Mesh.Silo.Tests.Infrastructure;
using Mesh.Testing;
using Microsoft.Extensions.Logging.Abstractions;

namespace Mesh.Silo.Tests.Push;

/// <summary>When a session's sync reports reach its proxy's grain: at each report period boundary, never before.</summary>
[Collection(GrainClusterCollection.Name)]
public sealed class SyncReporterTests(GrainClusterFixture cluster) : IAsyncLifetime
{
    private static readonly TimeSpan Period = TimeSpan.FromMilliseconds(100);

    private readonly TimerClock _time = new();
    private readonly string _proxyId = $"proxy-{Guid.NewGuid():N}";
    private SyncReporter? _reporter;
    private SiloProxySession? _session;

    private IProxySubscriptionGrain Grain => cluster.Client.GetGrain<IProxySubscriptionGrain>(_proxyId);

    private SyncReporter Reporter => _reporter!;

    private SiloProxySession Session => _session!;

    public async Task InitializeAsync()
    {
        var hello = new ProxyHello { ProxyId = _proxyId, Service = "svc-a", Silo = "127.0.0.1:11111", Watches = ["svc-b"], OpenedAt = _time.GetUtcNow() };
        await Grain.ConnectAsync(hello);
        _session = new SiloProxySession(hello, new Dictionary<string, long> { ["svc-b"] = 1 });
        _reporter = new SyncReporter(cluster.Client, new DiscoveryOptions { ReportPeriod = Period }, _time, NullLogger<SyncReporter>.Instance);
        await _reporter.StartAsync(CancellationToken.None);
        await _time.FirstTimer;
    }

    public async Task DisposeAsync()
    {
        await Reporter.StopAsync(CancellationToken.None);
        Reporter.Dispose();
        Session.Dispose();
    }

    private async Task<WatchStatus> WatchAsync() => (await Grain.GetAsync())!.Watches.Single(w => w.Service == "svc-b");

    private Task<WatchStatus> WaitForAsync(Func<WatchStatus, bool> condition, string waitingFor) =>
        Eventually.WaitAsync(WatchAsync, condition, waitingFor, TimeSpan.FromSeconds(10));

    [Fact]
    public async Task Report_HandedToTheGrainAtEachPeriodBoundaryNotBefore()
    {
        Reporter.Report(Session, new WatchReport { Service = "svc-b", Sent = 2 });
        _time.Advance(Period - TimeSpan.FromMilliseconds(1));
        Assert.Null((await WatchAsync()).SentVersion);

        _time.Advance(TimeSpan.FromMilliseconds(1));
        await WaitForAsync(w => w.SentVersion == 2, "the sent version reported at the first period boundary");

        Reporter.Report(Session, new WatchReport { Service = "svc-b", Acked = 2 });
        _time.Advance(Period - TimeSpan.FromMilliseconds(1));
        Assert.Null((await WatchAsync()).AckedVersion);

        _time.Advance(TimeSpan.FromMilliseconds(1));
        var synced = await WaitForAsync(w => w.State == SyncState.Synced, "the ACK reported at the second period boundary");
        Assert.Equal((2L, 2L), (synced.SentVersion!.Value, synced.AckedVersion!.Value));
    }

    [Fact]
    public async Task Report_SeveralWithinOnePeriod_CoalescedIntoWhatTheGrainSeesAtTheBoundary()
    {
        Reporter.Report(Session, new WatchReport { Service = "svc-b", Sent = 2 });
        Reporter.Report(Session, new WatchReport { Service = "svc-b", Nacked = 2, Error = "route 'default': unknown subset v9" });
        Reporter.Report(Session, new WatchReport { Service = "svc-b", Sent = 3 });

        _time.Advance(Period);

        var watch = await WaitForAsync(w => w.SentVersion == 3, "the coalesced reports at the period boundary");
        Assert.Equal((2L, "route 'default': unknown subset v9"), (watch.NackedVersion!.Value, watch.Error));
    }

    [Fact]
    public async Task FlushAsync_SessionEnds_PendingReportsSentWithoutWaitingForThePeriod()
    {
        Reporter.Report(Session, new WatchReport { Service = "svc-b", Sent = 2 });

        await Reporter.FlushAsync(Session);

        Assert.Equal(2, (await WatchAsync()).SentVersion);
    }
}
