using Mesh.Grains.Cluster;

namespace Mesh.Grains.Tests.Cluster;

[Collection(ClusterCollection.Name)]
public sealed class SiloDirectoryGrainTests(ClusterFixture fixture)
{
    private static SiloInfo Silo(string name, int port) => new()
    {
        Silo = name,
        DiscoveryUrl = $"http://127.0.0.1:{port}",
        ApiUrl = $"http://127.0.0.1:{port + 1000}",
        StartedAt = DateTimeOffset.UtcNow,
    };

    [Fact]
    public async Task ReportSessionsAsync_ReturnsLiveSilosWithTheirStandingCounts()
    {
        var directory = fixture.Grains.GetGrain<ISiloDirectoryGrain>(ISiloDirectoryGrain.Key);
        var (a, b, gone) = ($"a-{Guid.NewGuid():N}", $"b-{Guid.NewGuid():N}", $"gone-{Guid.NewGuid():N}");
        await directory.RegisterAsync(Silo(a, 21010));
        await directory.RegisterAsync(Silo(b, 21011));
        await directory.RegisterAsync(Silo(gone, 21012));

        await directory.ReportSessionsAsync(new SiloSessions { Silo = gone, Sessions = 7, ValidFor = TimeSpan.FromMinutes(1) }, [a, b, gone]);
        await directory.ReportSessionsAsync(new SiloSessions { Silo = b, Sessions = 3, ValidFor = TimeSpan.FromSeconds(1) }, [a, b, gone]);
        fixture.Time.Advance(TimeSpan.FromSeconds(2));
        var loads = await directory.ReportSessionsAsync(new SiloSessions { Silo = a, Sessions = 12, ValidFor = TimeSpan.FromMinutes(1) }, [a, b]);

        // Only the live silos; b's count no longer stands (it did not report again within its validity).
        Assert.Equal([(a, 12), (b, (int?)null)], loads.Select(l => (l.Info.Silo, l.Sessions)).OrderBy(l => l.Item1, StringComparer.Ordinal).Select(l => (l.Item1, l.Item2)));
        Assert.Equal("http://127.0.0.1:21010", loads.Single(l => l.Info.Silo == a).Info.DiscoveryUrl);
    }
}
