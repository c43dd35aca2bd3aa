using Mesh.Protos.Discovery.V1;
using Mesh.ProxyAgent.Caching;
using static Mesh.ProxyAgent.Tests.Infrastructure.TestConfigs;

namespace Mesh.ProxyAgent.Tests.Caching;

/// <summary>The cache as the agent uses it: what a push puts in, what comes back out and how it is checked.</summary>
public sealed class CacheRestoreTests : IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("mesh-cache-test-");
    private readonly CacheParts _parts;

    public CacheRestoreTests() => _parts = new CacheParts(_dir.FullName);

    public void Dispose() => _dir.Delete(recursive: true);

    private static ServiceConfig SvcB(long version, int v1 = 90, int v2 = 10) =>
        Service("svc-b", version, Split("default", ("v1", v1), ("v2", v2))).WithSubsets("v1", "v2")
            .WithEndpoint("b-1", "http://127.0.0.1:9001", "v1").WithEndpoint("b-2", "http://127.0.0.1:9002", "v2");

    /// <summary>A second agent's parts on the same directory, as after a restart.</summary>
    private CacheParts Restarted() => new(_dir.FullName);

    [Fact]
    public void Handle_AcceptedConfig_IsCached_ARejectedOneIsNot()
    {
        _parts.Handler.Handle(SvcB(3));
        _parts.Handler.Handle(SvcB(4, v1: 90, v2: 5));
        _parts.Writer.WritePending();

        Assert.Equal(SvcB(3), _parts.Cache.Read("svc-b"));
    }

    [Fact]
    public void RestoreMissing_AfterARestart_PutsTheCachedConfigInForceAsFromTheCache()
    {
        _parts.Handler.Handle(SvcB(3));
        _parts.Writer.WritePending();
        var restarted = Restarted();

        Assert.Equal(1, restarted.Restore.RestoreMissing(["svc-a", "svc-b"]));

        var snapshot = restarted.Table.Services["svc-b"];
        Assert.Equal(3, snapshot.Version);
        Assert.Equal([("v1", 90), ("v2", 10)], snapshot.Routes.Single().Destinations.Select(d => (d.Subset.Name, d.Weight)));
        Assert.Equal(["b-1", "b-2"], snapshot.Endpoints.Select(e => e.Id));
        Assert.True(restarted.Status.State.IsFromCache(snapshot));
        Assert.Equal(new Dictionary<string, long> { ["svc-b"] = 3 }, restarted.Table.HeldVersions());
    }

    [Fact]
    public void RestoreMissing_CachedConfigThatFailsThePushChecks_IsNotPutInForce()
    {
        // Written behind the validator's back, as a file edited by hand or by an older agent with other rules.
        _parts.Cache.Write(SvcB(3, v1: 90, v2: 5));
        var restarted = Restarted();

        Assert.Equal(0, restarted.Restore.RestoreMissing(["svc-b"]));

        Assert.Empty(restarted.Table.Services);
    }

    [Fact]
    public void RestoreMissing_CachedEndpointOnTheProxysOwnOutboundListener_IsRefusedByTheLoopGuard()
    {
        _parts.Cache.Write(Service("svc-b", 3).WithEndpoint("loop", "http://127.0.0.1:15001", "v1"));

        Assert.Equal(0, Restarted().Restore.RestoreMissing(["svc-b"]));
    }

    [Fact]
    public void RestoreMissing_CorruptFile_IsIgnored_AndTheOtherServicesRestored()
    {
        _parts.Handler.Handle(SvcB(3));
        _parts.Handler.Handle(Service("svc-c", 8));
        _parts.Writer.WritePending();
        File.WriteAllBytes(_parts.Cache.PathOf("svc-b"), [0x4d, 0x53, 0x48, 0x43, 1, 0, 0, 0]);
        var restarted = Restarted();

        Assert.Equal(1, restarted.Restore.RestoreMissing(["svc-b", "svc-c"]));

        Assert.Equal(["svc-c"], restarted.Table.Services.Keys);
    }

    [Fact]
    public void RestoreMissing_ServiceNoLongerWatched_IsNotLoaded()
    {
        _parts.Handler.Handle(SvcB(3));
        _parts.Handler.Handle(Service("svc-c", 8));
        _parts.Writer.WritePending();
        var restarted = Restarted();

        restarted.Restore.RestoreMissing(["svc-b"]);

        Assert.Equal(["svc-b"], restarted.Table.Services.Keys);
        Assert.True(File.Exists(restarted.Cache.PathOf("svc-c")));
    }

    [Fact]
    public void RestoreMissing_ServiceAlreadyHeld_KeepsWhatIsInForce()
    {
        _parts.Cache.Write(SvcB(3));
        var restarted = Restarted();
        restarted.Handler.Handle(SvcB(5));

        Assert.Equal(0, restarted.Restore.RestoreMissing(["svc-b"]));

        Assert.Equal(5, restarted.Table.Services["svc-b"].Version);
        Assert.Empty(restarted.Status.State.FromCache);
    }

    [Fact]
    public void ApplyCached_OlderOrSameVersionThanInForce_IsSuperseded()
    {
        _parts.Handler.Handle(SvcB(5));

        Assert.Equal(CachedApply.Superseded, _parts.Handler.ApplyCached(SvcB(4), out _));
        Assert.Equal(CachedApply.Superseded, _parts.Handler.ApplyCached(SvcB(5), out var reason));

        Assert.Equal("version 5 is in force", reason);
        Assert.Empty(_parts.Status.State.FromCache);
    }

    [Fact]
    public void Handle_NewerPushAfterARestore_ReplacesTheCachedConfig_AndCachesIt()
    {
        _parts.Cache.Write(SvcB(3));
        var restarted = Restarted();
        restarted.Restore.RestoreMissing(["svc-b"]);

        var reply = restarted.Handler.Handle(SvcB(4, v1: 0, v2: 100));
        restarted.Writer.WritePending();

        Assert.Equal(ProxyMessage.KindOneofCase.Ack, reply.KindCase);
        Assert.Equal(4, restarted.Table.Services["svc-b"].Version);
        Assert.Empty(restarted.Status.State.FromCache);
        Assert.Equal(SvcB(4, v1: 0, v2: 100), restarted.Cache.Read("svc-b"));
        Assert.Equal("version 3 is older than version 4, which is in force", restarted.Handler.Handle(SvcB(3)).Nack.Error);
    }

    [Fact]
    public void TryRestore_EachServiceIsReadOnce()
    {
        var restarted = Restarted();
        Assert.False(restarted.Restore.TryRestore("svc-b"));
        _parts.Cache.Write(SvcB(3));

        Assert.False(restarted.Restore.TryRestore("svc-b"));
        Assert.Empty(restarted.Table.Services);
    }
}
