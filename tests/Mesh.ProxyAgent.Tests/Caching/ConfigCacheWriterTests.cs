using Mesh.ProxyAgent.Caching;
using static Mesh.ProxyAgent.Tests.Infrastructure.TestConfigs;

namespace Mesh.ProxyAgent.Tests.Caching;

public sealed class ConfigCacheWriterTests : IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("mesh-cache-test-");

    public void Dispose() => _dir.Delete(recursive: true);

    [Fact]
    public void Offer_SeveralVersionsBeforeAWrite_WritesOnlyTheNewest()
    {
        var parts = new CacheParts(_dir.FullName);

        parts.Writer.Offer(Service("svc-b", 1));
        parts.Writer.Offer(Service("svc-b", 3));
        parts.Writer.Offer(Service("svc-b", 2));
        parts.Writer.Offer(Service("svc-c", 5));
        parts.Writer.WritePending();

        Assert.Equal(3, parts.Cache.Read("svc-b")!.Version);
        Assert.Equal(5, parts.Cache.Read("svc-c")!.Version);
    }

    [Fact]
    public async Task Stop_WritesWhatIsStillPending()
    {
        var parts = new CacheParts(_dir.FullName);
        await parts.Writer.StartAsync(CancellationToken.None);

        parts.Writer.Offer(Service("svc-b", 4));
        await parts.Writer.StopAsync(CancellationToken.None);

        Assert.Equal(4, parts.Cache.Read("svc-b")!.Version);
    }

    [Fact]
    public void Offer_WithoutCacheDir_WritesNothing()
    {
        var parts = new CacheParts(cacheDir: null);

        parts.Writer.Offer(Service("svc-b", 1));
        parts.Writer.WritePending();

        Assert.Empty(_dir.GetFiles());
    }
}
