using Mesh.Protos.Discovery.V1;
using Mesh.ProxyAgent.ControlPlane;
using Mesh.ProxyAgent.Hosting;
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

    private static async Task<IReadOnlyList<ProxyMessage>> DrainAsync(ProxySession session)
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
        var registry = new WatchRegistry(Options, new FakeTimeProvider());
        var session = new ProxySession();

        Assert.True(registry.Attach(session, Hello));

        var hello = Assert.Single(await DrainAsync(session)).Hello;
        Assert.Equal(["svc-b", "svc-c"], hello.Watches);
        Assert.Same(session, registry.Current);
    }

    [Fact]
    public async Task Attach_ProxyFrontingAnApp_AlsoWatchesItsOwnService()
    {
        var registry = new WatchRegistry(Options with { AppUrl = new Uri("http://127.0.0.1:8081") }, new FakeTimeProvider());
        var session = new ProxySession();

        Assert.True(registry.Attach(session, Hello));

        Assert.Equal(["svc-a", "svc-b", "svc-c"], Assert.Single(await DrainAsync(session)).Hello.Watches);
    }

    [Fact]
    public async Task Watch_NewServiceDuringASession_SendsWatchOnceAndJoinsLaterHellos()
    {
        var time = new FakeTimeProvider();
        var registry = new WatchRegistry(Options, time);
        var first = new ProxySession();
        registry.Attach(first, Hello);
        time.Advance(TimeSpan.FromSeconds(1));

        var since = registry.Watch("svc-x");
        Assert.Equal(since, registry.Watch("svc-x"));
        Assert.Equal(since, registry.Watch("svc-x"));
        registry.Detach(first);
        var second = new ProxySession();
        registry.Attach(second, Hello);

        var sent = await DrainAsync(first);
        Assert.Equal([ProxyMessage.KindOneofCase.Hello, ProxyMessage.KindOneofCase.Watch], sent.Select(m => m.KindCase));
        Assert.Equal(["svc-x"], sent[1].Watch.Services);
        Assert.Equal(["svc-b", "svc-c", "svc-x"], Assert.Single(await DrainAsync(second)).Hello.Watches);
        Assert.Equal(TimeSpan.FromSeconds(1), time.GetElapsedTime(registry.Watch("svc-b"), since));
    }

    [Fact]
    public void Watch_BetweenSessions_IsKeptForTheNextHello()
    {
        var registry = new WatchRegistry(Options, new FakeTimeProvider());

        registry.Watch("svc-x");

        Assert.Null(registry.Current);
        Assert.Equal(["svc-b", "svc-c", "svc-x"], registry.Watched);
    }

    [Fact]
    public void Close_ThenAttach_RefusesTheSessionAndSendsNothing()
    {
        var registry = new WatchRegistry(Options, new FakeTimeProvider());
        var current = new ProxySession();
        registry.Attach(current, Hello);

        Assert.Same(current, registry.Close());
        var late = new ProxySession();
        Assert.False(registry.Attach(late, Hello));
        Assert.Same(current, registry.Current);
    }
}
