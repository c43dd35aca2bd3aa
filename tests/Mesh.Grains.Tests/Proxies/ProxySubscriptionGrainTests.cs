using Mesh.Grains.Indexing;
using Mesh.Grains.Proxies;
using Mesh.Model.Proxies;
using Mesh.Model.Validation;

namespace Mesh.Grains.Tests.Proxies;

[Collection(ClusterCollection.Name)]
public sealed class ProxySubscriptionGrainTests(ClusterFixture fixture)
{
    private static readonly DateTimeOffset Opened = new(2026, 11, 26, 0, 0, 0, TimeSpan.Zero);

    private static ProxyHello Hello(string id, string silo = "127.0.0.1:11111", int secondsLater = 0) => new()
    {
        OpenedAt = Opened.AddSeconds(secondsLater),
        ProxyId = id,
        Service = "frontend",
        Labels = new Dictionary<string, string> { ["version"] = "v1" },
        Watches = ["backend", "payments"],
        Silo = silo,
    };

    private static string NewProxy() => $"frontend-{Guid.NewGuid():N}";

    [Fact]
    public async Task GetAsync_NeverConnected_IsNull() =>
        Assert.Null(await fixture.Grains.GetGrain<IProxySubscriptionGrain>(NewProxy()).GetAsync());

    [Fact]
    public async Task ConnectAsync_RecordsTheSessionAndIndexesTheProxy()
    {
        var id = NewProxy();

        var result = await fixture.Grains.GetGrain<IProxySubscriptionGrain>(id).ConnectAsync(Hello(id));

        Assert.Equal(WriteStatus.Accepted, result.Status);
        Assert.Equal(("frontend", "127.0.0.1:11111", true), (result.Value!.Service, result.Value.Silo, result.Value.Connected));
        Assert.Equal(["backend", "payments"], result.Value.Watches.Select(w => w.Service));
        Assert.All(result.Value.Watches, w => Assert.Equal(SyncState.Stale, w.State));
        Assert.True(await fixture.Grains.ProxyIndex().ContainsAsync(id));
    }

    [Fact]
    public async Task ConnectAsync_HelloForAnotherProxyOrBadWatch_IsRefused()
    {
        var id = NewProxy();

        var result = await fixture.Grains.GetGrain<IProxySubscriptionGrain>(id).ConnectAsync(Hello("someone-else") with { Watches = ["Bad Name"] });

        Assert.Equal(["proxyId", "watches[0]"], result.Errors.Select(e => e.Path));
        Assert.Null(await fixture.Grains.GetGrain<IProxySubscriptionGrain>(id).GetAsync());
    }

    [Fact]
    public async Task AckOfTheLatestSentVersion_IsSynced_NackIsNacked_OlderAckIsStale()
    {
        var id = NewProxy();
        var grain = fixture.Grains.GetGrain<IProxySubscriptionGrain>(id);
        await grain.ConnectAsync(Hello(id));

        await grain.ReportAsync([new WatchReport { Service = "backend", Sent = 3 }]);
        await grain.ReportAsync([new WatchReport { Service = "backend", Acked = 3 }]);
        await grain.ReportAsync([new WatchReport { Service = "payments", Sent = 4 }]);
        await grain.ReportAsync([new WatchReport { Service = "payments", Nacked = 4, Error = "route 'default': unknown subset v9" }]);
        var afterFirst = await grain.GetAsync();
        await grain.ReportAsync([new WatchReport { Service = "backend", Sent = 4 }]);
        var afterSecond = await grain.GetAsync();

        Assert.Equal(SyncState.Synced, afterFirst!.Watches.Single(w => w.Service == "backend").State);
        var payments = afterFirst.Watches.Single(w => w.Service == "payments");
        Assert.Equal((SyncState.Nacked, 4L, "route 'default': unknown subset v9"), (payments.State, payments.NackedVersion!.Value, payments.Error));
        var backend = afterSecond!.Watches.Single(w => w.Service == "backend");
        Assert.Equal((SyncState.Stale, 3L, 4L), (backend.State, backend.AckedVersion!.Value, backend.SentVersion!.Value));
    }

    [Fact]
    public async Task ConnectAsync_WithHeldVersions_CountsThemAsAcked()
    {
        var id = NewProxy();
        var grain = fixture.Grains.GetGrain<IProxySubscriptionGrain>(id);

        await grain.ConnectAsync(Hello(id) with { HeldVersions = new Dictionary<string, long> { ["backend"] = 7 } });
        var status = await grain.GetAsync();

        var backend = status!.Watches.Single(w => w.Service == "backend");
        Assert.Equal((7L, 7L, SyncState.Synced), (backend.AckedVersion!.Value, backend.SentVersion!.Value, SyncStates.Of(backend, connected: true, latest: 7)));
        Assert.Null(status.Watches.Single(w => w.Service == "payments").AckedVersion);
    }

    [Fact]
    public async Task DisconnectAsync_FromTheOldSiloAfterAReconnect_IsIgnored()
    {
        var id = NewProxy();
        var grain = fixture.Grains.GetGrain<IProxySubscriptionGrain>(id);
        await grain.ConnectAsync(Hello(id, "127.0.0.1:11111"));
        await grain.ConnectAsync(Hello(id, "127.0.0.1:11112", secondsLater: 1));

        await grain.DisconnectAsync("127.0.0.1:11111", Opened);
        var stillConnected = await grain.GetAsync();
        await grain.DisconnectAsync("127.0.0.1:11112", Opened.AddSeconds(1));
        var gone = await grain.GetAsync();

        Assert.Equal((true, "127.0.0.1:11112"), (stillConnected!.Connected, stillConnected.Silo));
        Assert.False(gone!.Connected);
        Assert.All(gone.Watches, w => Assert.Equal(SyncState.Disconnected, w.State));
    }

    [Fact]
    public async Task DisconnectAsync_OfAnOlderSessionOnTheSameSilo_IsIgnored()
    {
        var id = NewProxy();
        var grain = fixture.Grains.GetGrain<IProxySubscriptionGrain>(id);
        await grain.ConnectAsync(Hello(id));
        await grain.ConnectAsync(Hello(id, secondsLater: 1));

        await grain.DisconnectAsync("127.0.0.1:11111", Opened);

        Assert.True((await grain.GetAsync())!.Connected);
    }

    [Fact]
    public async Task ConnectAsync_OfAnOlderSessionArrivingLate_DoesNotReplaceTheNewerOne()
    {
        var id = NewProxy();
        var grain = fixture.Grains.GetGrain<IProxySubscriptionGrain>(id);
        await grain.ConnectAsync(Hello(id, "127.0.0.1:11112", secondsLater: 1));

        var late = await grain.ConnectAsync(Hello(id, "127.0.0.1:11111"));
        await grain.DisconnectAsync("127.0.0.1:11111", Opened);

        Assert.Equal(WriteStatus.Accepted, late.Status);
        var status = await grain.GetAsync();
        Assert.Equal((true, "127.0.0.1:11112"), (status!.Connected, status.Silo));
    }

    [Fact]
    public async Task AddWatchesAsync_AddsNewServicesOnly()
    {
        var id = NewProxy();
        var grain = fixture.Grains.GetGrain<IProxySubscriptionGrain>(id);
        await grain.ConnectAsync(Hello(id));
        await grain.ReportAsync([new WatchReport { Service = "backend", Sent = 2 }]);

        var result = await grain.AddWatchesAsync(["payments", "search"]);

        Assert.Equal(["backend", "payments", "search"], result.Value!.Watches.Select(w => w.Service));
        Assert.Equal(2, result.Value.Watches[0].SentVersion);
    }

    [Theory]
    [InlineData(5L, 5L, null, SyncState.Synced)]
    [InlineData(5L, 4L, null, SyncState.Stale)]
    [InlineData(5L, 4L, 5L, SyncState.Nacked)]
    [InlineData(6L, 4L, 5L, SyncState.Stale)]
    [InlineData(5L, 5L, 4L, SyncState.Synced)]
    public void SyncStatesOf_JudgesAgainstTheLatestVersion(long latest, long acked, long? nacked, SyncState expected) =>
        Assert.Equal(expected, SyncStates.Of(new WatchStatus { Service = "s", SentVersion = latest, AckedVersion = acked, NackedVersion = nacked }, connected: true, latest));
}
