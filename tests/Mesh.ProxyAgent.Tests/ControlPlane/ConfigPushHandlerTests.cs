using Mesh.Protos.Discovery.V1;
using Mesh.ProxyAgent.ControlPlane;
using Mesh.ProxyAgent.Routing;
using Mesh.ProxyAgent.Tests.Caching;
using static Mesh.ProxyAgent.Tests.Infrastructure.TestConfigs;

namespace Mesh.ProxyAgent.Tests.ControlPlane;

public sealed class ConfigPushHandlerTests
{
    private readonly RoutingTable _table;
    private readonly ConfigPushHandler _handler;

    public ConfigPushHandlerTests()
    {
        var parts = new CacheParts(cacheDir: null);
        (_table, _handler) = (parts.Table, parts.Handler);
    }

    private static ServiceConfig Good(long version) =>
        Service("svc-b", version, Split("default", ("v1", 100))).WithSubsets("v1").WithEndpoint("b-1", "http://127.0.0.1:9001", "v1");

    [Fact]
    public void Handle_ValidConfig_AppliesItAndAcksServiceVersionAndNonce()
    {
        var reply = _handler.Handle(Good(3));

        Assert.Equal(new Ack { Service = "svc-b", Version = 3, Nonce = "n3" }, reply.Ack);
        Assert.Equal(3, _table.Services["svc-b"].Version);
    }

    [Fact]
    public void Handle_InvalidConfig_NacksWithTheReasonAndKeepsTheLastGood()
    {
        _handler.Handle(Good(1));
        var bad = Service("svc-b", 2, Split("default", ("v1", 90), ("v2", 5))).WithSubsets("v1", "v2");

        var reply = _handler.Handle(bad);

        Assert.Equal(
            new Nack { Service = "svc-b", Version = 2, Nonce = "n2", Error = "route 'default' weights sum to 95, not 100" },
            reply.Nack);
        Assert.Equal(1, _table.Services["svc-b"].Version);
    }

    [Fact]
    public void Handle_OlderVersionThanInForce_IsNackedAndNotApplied()
    {
        _handler.Handle(Good(5));

        var reply = _handler.Handle(Good(4));

        Assert.Equal("version 4 is older than version 5, which is in force", reply.Nack.Error);
        Assert.Equal(5, _table.Services["svc-b"].Version);
    }

    [Fact]
    public void Handle_SameVersionAgain_IsAckedAgain() =>
        Assert.Equal(ProxyMessage.KindOneofCase.Ack, (_handler.Handle(Good(2)), _handler.Handle(Good(2))).Item2.KindCase);

    [Fact]
    public void Handle_HugeError_IsCutTo1024Characters()
    {
        var config = Service("svc-b", 1);
        for (var i = 0; i < 100; i++)
        {
            config.WithEndpoint($"endpoint-{i}", "not-a-url");
        }

        var error = _handler.Handle(config).Nack.Error;

        Assert.Equal(ConfigPushHandler.MaxErrorLength, error.Length);
        Assert.EndsWith("...", error, StringComparison.Ordinal);
    }
}
