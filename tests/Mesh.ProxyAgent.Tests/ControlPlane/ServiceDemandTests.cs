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
        _watches = new WatchRegistry(parts.Options, _time);
        _demand = new ServiceDemand(_table, _watches, parts.Status, parts.Restore, new ControlPlaneTimings(), _time);
    }

    private static ServiceSnapshot Snapshot(string service) => ServiceConfigCompiler.Compile(Service(service, 1), DefaultGuard).Snapshot!;

    [Fact]
    public async Task GetAsync_ConfigHeld_CompletesAtOnce()
    {
        _table.Apply(Snapshot("svc-b"));

        var result = _demand.GetAsync("svc-b", CancellationToken.None);

        Assert.True(result.IsCompletedSuccessfully);
        Assert.Equal("svc-b", (await result)!.Service);
    }

    [Fact]
    public async Task GetAsync_UnknownService_WatchesItAndReturnsTheConfigWhenItArrives()
    {
        var session = new ProxySession();
        _watches.Attach(session, w => new ProxyMessage { Hello = new Hello { Watches = { w } } });

        var pending = _demand.GetAsync("svc-x", CancellationToken.None).AsTask();
        _time.Advance(TimeSpan.FromSeconds(2));
        Assert.False(pending.IsCompleted);
        _table.Apply(Snapshot("svc-x"));

        Assert.Equal("svc-x", (await pending.WaitAsync(TimeSpan.FromSeconds(5)))!.Service);
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

        Assert.Null(await pending.WaitAsync(TimeSpan.FromSeconds(5)));
        var again = _demand.GetAsync("svc-x", CancellationToken.None);
        Assert.True(again.IsCompletedSuccessfully);
        Assert.Null(await again);
    }

    [Fact]
    public async Task GetAsync_DeclaredUpstreamStillMissingAfterThreeSeconds_FailsAtOnce()
    {
        _time.Advance(TimeSpan.FromSeconds(3));

        var result = _demand.GetAsync("svc-b", CancellationToken.None);

        Assert.True(result.IsCompletedSuccessfully);
        Assert.Null(await result);
    }
}
