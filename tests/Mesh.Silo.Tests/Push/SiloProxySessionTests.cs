using Mesh.Model.Proxies;
using Mesh.Protos.Discovery.V1;
using Mesh.Silo.Push;

namespace Mesh.Silo.Tests.Push;

public sealed class SiloProxySessionTests
{
    private static SiloProxySession Session(IReadOnlyDictionary<string, long>? held = null) =>
        new(new ProxyHello { ProxyId = "proxy-1", Service = "svc-a", Silo = "silo-1", Watches = ["svc-b", "svc-c"] }, held ?? new Dictionary<string, long>());

    private static ServiceConfig Config(string service, long version) => new() { Service = service, Version = version, Nonce = $"n-{version}" };

    [Fact]
    public async Task Offer_NewerVersionsWhileOneIsPending_OnlyTheNewestIsPushed()
    {
        using var session = Session();

        session.Offer(Config("svc-b", 1));
        session.Offer(Config("svc-b", 3));
        session.Offer(Config("svc-b", 2));

        var pushed = await SessionWrites.ConfigsAsync(session);
        Assert.Equal([Config("svc-b", 3)], pushed);
    }

    [Fact]
    public async Task Offer_TwoServicesPending_OnePushPerService()
    {
        using var session = Session();

        session.Offer(Config("svc-b", 1));
        session.Offer(Config("svc-c", 7));
        session.Offer(Config("svc-b", 2));

        var pushed = await SessionWrites.ConfigsAsync(session);
        Assert.Equal([Config("svc-b", 2), Config("svc-c", 7)], pushed.OrderBy(c => c.Service, StringComparer.Ordinal));
    }

    [Fact]
    public async Task Offer_VersionTheProxyHoldsOrOlder_NotPushed()
    {
        using var session = Session(new Dictionary<string, long> { ["svc-b"] = 5 });

        session.Offer(Config("svc-b", 4));
        session.Offer(Config("svc-b", 5));

        Assert.Empty(await SessionWrites.ConfigsAsync(session));
    }

    [Fact]
    public async Task TryMove_ConfigPending_MoveIsWrittenFirstAndOnlyOnce()
    {
        using var session = Session();

        session.Offer(Config("svc-b", 1));
        Assert.True(session.TryMove(new Move { ControlPlaneUrl = "http://127.0.0.1:15011" }));
        Assert.False(session.TryMove(new Move { ControlPlaneUrl = "http://127.0.0.1:15012" }));

        var written = await SessionWrites.DrainAsync(session);
        Assert.Equal([ControlMessage.KindOneofCase.Move, ControlMessage.KindOneofCase.Config], written.Select(m => m.KindCase));
        Assert.Equal("http://127.0.0.1:15011", written[0].Move.ControlPlaneUrl);
    }
}
