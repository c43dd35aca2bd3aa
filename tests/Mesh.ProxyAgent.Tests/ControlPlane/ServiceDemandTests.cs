using Mesh.Protos.Discovery.V1;
using Mesh.ProxyAgent.ControlPlane;
using Mesh.ProxyAgent.Routing;
using Mesh.ProxyAgent.Tests.Caching;
using Mesh.ProxyAgent.Tests.Infrastructure;
using Microsoft.Extensions.Time.Testing;
using static Mesh.ProxyAgent.Tests.Infrastructure.TestConfigs;

namespace Mesh.ProxyAgent.Tests.ControlPlane;

public sealed class ServiceDemandTests
{
    private readonly FakeTimeProvider _time = new();
    private readonly RoutingTable _table;
    private readonly WatchRegistry _watches;
    private readonly ServiceDemand _demand;

    public ServiceDemandTests()
    {
        var parts = new CacheParts(cacheDir: null);
        _table = parts.Table;
        _watches = TestWatches.Create(parts.Options, _time, _table);
        _demand = new ServiceDemand(_table, _watches, parts.Status, parts.Restore, new ControlPlaneTimings(), _time);
    }

    private static AgentServiceSnapshot Snapshot(string service) => AgentConfigCompiler.Compile(Service(service, 1), DefaultGuard).Snapshot!;

    [Fact]
    public async Task GetAsync_ConfigHeld_CompletesAtOnce()
    {
        _table.Apply(Snapshot("svc-b"));

        var result = _demand.GetAsync("svc-b", CancellationToken.None);

        Assert.True(result.IsCompletedSuccessfully);
        Assert.Equal("svc-b", (await result).Snapshot!.Service);
    }

    [Fact]
    public async Task GetAsync_UnknownService_WatchesItAndReturnsTheConfigWhenItArrives()
    {
        var session = new AgentSession();
        _watches.Attach(session, w => new ProxyMessage { Hello = new Hello { Watches = { w } } });

        var pending = _demand.GetAsync("svc-x", CancellationToken.None).AsTask();
        _time.Advance(TimeSpan.FromSeconds(2));
        Assert.False(pending.IsCompleted);
        _table.Apply(Snapshot("svc-x"));

        Assert.Equal("svc-x", (await pending.WaitAsync(TimeSpan.FromSeconds(5))).Snapshot!.Service);
        var stream = new RecordingStreamWriter();
        var pump = session.StartPump(stream, CancellationToken.None);
        session.Close();
        await pump.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.Equal(["svc-x"], stream.Written[1].Watch.Services);
    }

    [Fact]
    public async Task GetAsync_NoConfigWithinThreeSeconds_ReturnsNullAndLaterCallsFailAtOnce()
    {
        var pending = _demand.GetAsync("svc-x", CancellationToken.None).AsTask();
        _table.Apply(Snapshot("svc-other"));
        _time.Advance(TimeSpan.FromMilliseconds(2999));
        await Task.Yield();
        Assert.False(pending.IsCompleted);

        _time.Advance(TimeSpan.FromMilliseconds(1));

        Assert.Equal(new ServiceLookup(null, Refused: false), await pending.WaitAsync(TimeSpan.FromSeconds(5)));
        var again = _demand.GetAsync("svc-x", CancellationToken.None);
        Assert.True(again.IsCompletedSuccessfully);
        Assert.Equal(new ServiceLookup(null, Refused: false), await again);
    }

    [Fact]
    public async Task GetAsync_DeclaredUpstreamStillMissingAfterThreeSeconds_FailsAtOnce()
    {
        _time.Advance(TimeSpan.FromSeconds(3));

        var result = _demand.GetAsync("svc-b", CancellationToken.None);

        Assert.True(result.IsCompletedSuccessfully);
        Assert.Equal(new ServiceLookup(null, Refused: false), await result);
    }

    [Fact]
    public async Task GetAsync_SessionWatchesAsManyAsASiloAllows_RefusesANewNameAtOnce()
    {
        _watches.Attach(new AgentSession(), w => new ProxyMessage { Hello = new Hello { Watches = { w } } });
        for (var i = 1; i < WatchRegistry.SessionLimit; i++)
        {
            Assert.True(_watches.TryWatch($"junk-{i}", out _));
        }

        var result = _demand.GetAsync("svc-x", CancellationToken.None);

        Assert.True(result.IsCompletedSuccessfully);
        Assert.Equal(new ServiceLookup(null, Refused: true), await result);
    }

    [Fact]
    public async Task GetAsync_VersionZeroConfigHeld_ReturnsItAtOnceAndKeepsTheNameAsked()
    {
        _table.Apply(AgentConfigCompiler.Compile(Service("junk-1", 0), DefaultGuard).Snapshot!);

        var result = _demand.GetAsync("junk-1", CancellationToken.None);

        Assert.True(result.IsCompletedSuccessfully);
        Assert.Equal(0, (await result).Snapshot!.Version);
        Assert.Equal(["junk-1", "svc-b"], _watches.Watched);
    }
}
