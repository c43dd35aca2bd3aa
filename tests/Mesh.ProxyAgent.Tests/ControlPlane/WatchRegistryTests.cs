using Mesh.Protos.Discovery.V1;
using Mesh.ProxyAgent.ControlPlane;
using Mesh.ProxyAgent.Hosting;
using Mesh.ProxyAgent.Routing;
using Mesh.ProxyAgent.Tests.Infrastructure;
using Microsoft.Extensions.Time.Testing;

namespace Mesh.ProxyAgent.Tests.ControlPlane;

public sealed class WatchRegistryTests
{
    private static readonly ProxyAgentOptions Options = new()
    {
        ControlPlane = [new Uri("http://127.0.0.1:15010")],
        Service = "svc-a",
        ProxyId = "svc-a-1",
        Upstreams = ["svc-c", "svc-b"],
    };

    private static ProxyMessage Hello(IReadOnlyList<string> watched) => new() { Hello = new Hello { Watches = { watched } } };

    private static async Task<IReadOnlyList<ProxyMessage>> DrainAsync(AgentSession session)
    {
        var stream = new RecordingStreamWriter();
        var pump = session.StartPump(stream, CancellationToken.None);
        session.Close();
        await pump.WaitAsync(TimeSpan.FromSeconds(5));
        return stream.Written;
    }

    [Fact]
    public async Task Attach_Session_QueuesHelloFirstWithTheUpstreamsSorted()
    {
        var registry = TestWatches.Create(Options, new FakeTimeProvider());
        var session = new AgentSession();

        Assert.True(registry.Attach(session, Hello));

        var hello = Assert.Single(await DrainAsync(session)).Hello;
        Assert.Equal(["svc-b", "svc-c"], hello.Watches);
        Assert.Same(session, registry.Current);
    }

    [Fact]
    public async Task Attach_ProxyFrontingAnApp_AlsoWatchesItsOwnService()
    {
        var registry = TestWatches.Create(Options with { AppUrl = new Uri("http://127.0.0.1:8081") }, new FakeTimeProvider());
        var session = new AgentSession();

        Assert.True(registry.Attach(session, Hello));

        Assert.Equal(["svc-a", "svc-b", "svc-c"], Assert.Single(await DrainAsync(session)).Hello.Watches);
    }

    [Fact]
    public async Task Watch_NewServiceDuringASession_SendsWatchOnceAndJoinsLaterHellos()
    {
        var time = new FakeTimeProvider();
        var registry = TestWatches.Create(Options, time);
        var first = new AgentSession();
        registry.Attach(first, Hello);
        time.Advance(TimeSpan.FromSeconds(1));

        Assert.True(registry.TryWatch("svc-x", out var since));
        Assert.True(registry.TryWatch("svc-x", out var again));
        Assert.Equal(since, again);
        registry.Detach(first);
        var second = new AgentSession();
        registry.Attach(second, Hello);

        var sent = await DrainAsync(first);
        Assert.Equal([ProxyMessage.KindOneofCase.Hello, ProxyMessage.KindOneofCase.Watch], sent.Select(m => m.KindCase));
        Assert.Equal(["svc-x"], sent[1].Watch.Services);
        Assert.Equal(["svc-b", "svc-c", "svc-x"], Assert.Single(await DrainAsync(second)).Hello.Watches);
        Assert.True(registry.TryWatch("svc-b", out var upstreamSince));
        Assert.Equal(TimeSpan.FromSeconds(1), time.GetElapsedTime(upstreamSince, since));
    }

    [Fact]
    public void Watch_BetweenSessions_IsKeptForTheNextHello()
    {
        var registry = TestWatches.Create(Options, new FakeTimeProvider());

        Assert.True(registry.TryWatch("svc-x", out _));

        Assert.Null(registry.Current);
        Assert.Equal(["svc-b", "svc-c", "svc-x"], registry.Watched);
    }

    [Fact]
    public void Close_ThenAttach_RefusesTheSessionAndSendsNothing()
    {
        var registry = TestWatches.Create(Options, new FakeTimeProvider());
        var current = new AgentSession();
        registry.Attach(current, Hello);

        Assert.Same(current, registry.Close());
        var late = new AgentSession();
        Assert.False(registry.Attach(late, Hello));
        Assert.Same(current, registry.Current);
    }

    [Fact]
    public async Task TryWatch_SessionAtTheSilosLimit_RefusesNewNamesAndSendsNoMoreWatches()
    {
        var registry = TestWatches.Create(Options, new FakeTimeProvider());
        var session = new AgentSession();
        registry.Attach(session, Hello);

        var admitted = Enumerable.Range(1, 300).Count(i => registry.TryWatch($"junk-{i}", out _));

        Assert.Equal(WatchRegistry.SessionLimit - 2, admitted);
        Assert.False(registry.TryWatch("svc-x", out _));
        Assert.True(registry.TryWatch("junk-1", out _));
        var sent = await DrainAsync(session);
        Assert.Equal(WatchRegistry.SessionLimit, sent.Sum(m => m.Hello?.Watches.Count ?? m.Watch.Services.Count));
        Assert.False(session.Recycled);
    }

    [Fact]
    public async Task TryWatch_BetweenSessions_AdmitsNoMoreThanTheNextHelloMayName()
    {
        var registry = TestWatches.Create(Options, new FakeTimeProvider());

        var admitted = Enumerable.Range(1, 300).Count(i => registry.TryWatch($"junk-{i}", out _));

        Assert.Equal(WatchRegistry.SessionLimit - 2, admitted);
        var session = new AgentSession();
        registry.Attach(session, Hello);
        Assert.Equal(WatchRegistry.SessionLimit, Assert.Single(await DrainAsync(session)).Hello.Watches.Count);
    }

    [Fact]
    public async Task Attach_MorePinnedWatchesThanTheLimit_HelloNamesTheLimit()
    {
        var upstreams = Enumerable.Range(1, 300).Select(i => $"svc-{i}").ToArray();
        var registry = TestWatches.Create(Options with { Upstreams = upstreams }, new FakeTimeProvider());
        var session = new AgentSession();

        registry.Attach(session, Hello);

        Assert.Equal(WatchRegistry.SessionLimit, Assert.Single(await DrainAsync(session)).Hello.Watches.Count);
        Assert.False(registry.TryWatch("svc-x", out _));
    }

    [Fact]
    public async Task Attach_AfterTheIdlePeriod_LeavesOutUnknownNamesButKeepsMeshServicesAndNamesStillAsked()
    {
        var time = new FakeTimeProvider();
        var table = new RoutingTable();
        var registry = TestWatches.Create(Options, time, table);
        foreach (var name in new[] { "svc-m", "junk-old", "junk-asked" })
        {
            Assert.True(registry.TryWatch(name, out _));
        }

        table.Apply(AgentConfigCompiler.Compile(TestConfigs.Service("svc-m", 3), TestConfigs.DefaultGuard).Snapshot!);
        table.Apply(AgentConfigCompiler.Compile(TestConfigs.Service("junk-old", 0), TestConfigs.DefaultGuard).Snapshot!);
        time.Advance(TimeSpan.FromSeconds(59));
        registry.TryWatch("junk-asked", out _);
        time.Advance(TimeSpan.FromSeconds(1));
        var session = new AgentSession();

        registry.Attach(session, Hello);

        Assert.Equal(["junk-asked", "svc-b", "svc-c", "svc-m"], Assert.Single(await DrainAsync(session)).Hello.Watches);
        Assert.Equal(["junk-asked", "svc-b", "svc-c", "svc-m"], registry.Watched);
    }

    [Fact]
    public async Task TryWatch_RoomSpentAndNamesAgedOut_RecyclesTheSessionAtMostOncePerInterval()
    {
        var time = new FakeTimeProvider();
        var timings = new ControlPlaneTimings { OnDemandIdle = TimeSpan.FromSeconds(10), SessionRecycleInterval = TimeSpan.FromMinutes(1) };
        var registry = TestWatches.Create(Options, time, timings: timings);
        var first = new AgentSession();
        registry.Attach(first, Hello);
        Fill(registry, "a");
        time.Advance(TimeSpan.FromSeconds(10));

        Assert.True(registry.TryWatch("svc-x", out _));

        Assert.True(first.Recycled);
        Assert.Null(registry.Current);
        var second = new AgentSession();
        registry.Attach(second, Hello);
        Fill(registry, "b");
        time.Advance(TimeSpan.FromSeconds(59));
        Assert.False(registry.TryWatch("svc-y", out _));
        Assert.False(second.Recycled);
        time.Advance(TimeSpan.FromSeconds(1));
        Assert.True(registry.TryWatch("svc-y", out _));
        Assert.True(second.Recycled);
        Assert.Equal(WatchRegistry.SessionLimit, (await DrainAsync(first)).Sum(m => m.Hello?.Watches.Count ?? m.Watch.Services.Count));
        Assert.Equal(["svc-b", "svc-c", "svc-x"], (await DrainAsync(second))[0].Hello.Watches);
    }

    /// <summary>Watches new names until the current session has no room left.</summary>
    private static void Fill(WatchRegistry registry, string prefix)
    {
        var i = 0;
        while (registry.TryWatch($"{prefix}-{i++}", out _))
        {
        }
    }
}
