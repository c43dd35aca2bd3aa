using Mesh.Grains.Storage;
using Mesh.Grains.Indexing;
using Mesh.Grains.Routing;
using Mesh.Model.Routing;
using Mesh.Model.Validation;

namespace Mesh.Grains.Tests.Routing;

[Collection(ClusterCollection.Name)]
public sealed class RoutePolicyGrainTests(ClusterFixture fixture)
{
    private static string NewService() => $"svc-{Guid.NewGuid():N}";

    private static RouteTable Split(int v1, int v2) => new()
    {
        Routes =
        [
            new Route
            {
                Name = "default",
                Destinations = [new WeightedDestination { Subset = "v1", Weight = v1 }, new WeightedDestination { Subset = "v2", Weight = v2 }],
            },
        ],
    };

    [Fact]
    public async Task GetAsync_NeverWritten_IsVersionZeroWithoutRoutes()
    {
        var snapshot = await fixture.Grains.GetGrain<IRoutePolicyGrain>(NewService()).GetAsync();

        Assert.Equal(0, snapshot.ResourceVersion);
        Assert.Empty(snapshot.Document.Routes!);
    }

    [Fact]
    public async Task PutAsync_Valid_StoresNextVersionAndIndexesTheService()
    {
        var service = NewService();
        var grain = fixture.Grains.GetGrain<IRoutePolicyGrain>(service);

        var first = await grain.PutAsync(Split(90, 10), null, "api");
        var second = await grain.PutAsync(Split(80, 20), null, "alice");

        Assert.Equal(WriteStatus.Accepted, first.Status);
        Assert.Equal(1, first.Value!.ResourceVersion);
        Assert.Equal(2, second.Value!.ResourceVersion);
        Assert.Equal("alice", second.Value.ModifiedBy);
        Assert.Equal(Split(80, 20).Routes![0].Destinations, (await grain.GetAsync()).Document.Routes![0].Destinations);
        Assert.True(await fixture.Grains.ServiceIndex().ContainsAsync(service));
    }

    [Fact]
    public async Task PutAsync_Invalid_StoresNothing()
    {
        var service = NewService();
        var grain = fixture.Grains.GetGrain<IRoutePolicyGrain>(service);
        await grain.PutAsync(Split(90, 10), null, "api");

        var result = await grain.PutAsync(Split(90, 20), null, "api");

        Assert.Equal(WriteStatus.Invalid, result.Status);
        Assert.Equal("routes[0].destinations", Assert.Single(result.Errors).Path);
        Assert.Equal(1, (await grain.GetAsync()).ResourceVersion);
        Assert.Single(await grain.GetHistoryAsync());
    }

    [Fact]
    public async Task PutAsync_StaleExpectedVersion_IsAConflictNamingTheCurrentVersion()
    {
        var grain = fixture.Grains.GetGrain<IRoutePolicyGrain>(NewService());
        await grain.PutAsync(Split(90, 10), null, "alice");
        await grain.PutAsync(Split(80, 20), 1, "bob");

        var result = await grain.PutAsync(Split(50, 50), 1, "alice");

        Assert.Equal(WriteStatus.Conflict, result.Status);
        Assert.Equal(2, result.Current!.Version);
        Assert.Equal("bob", result.Current.By);
        Assert.Equal(2, (await grain.GetAsync()).ResourceVersion);
    }

    [Fact]
    public async Task PutAsync_InvalidServiceName_IsRefused()
    {
        var result = await fixture.Grains.GetGrain<IRoutePolicyGrain>("Not_A_Service").PutAsync(Split(90, 10), null, "api");

        Assert.Equal("service", Assert.Single(result.Errors).Path);
        Assert.False(await fixture.Grains.ServiceIndex().ContainsAsync("Not_A_Service"));
    }

    [Fact]
    public async Task GetHistoryAsync_NewestFirst_WithWhoWhenAndSummary()
    {
        var grain = fixture.Grains.GetGrain<IRoutePolicyGrain>(NewService());
        await grain.PutAsync(Split(90, 10), null, "alice");
        fixture.Time.Advance(TimeSpan.FromMinutes(1));
        await grain.PutAsync(Split(99, 1), null, "bob");

        var history = await grain.GetHistoryAsync();

        Assert.Equal([2L, 1L], history.Select(h => h.Version));
        Assert.Equal(["bob", "alice"], history.Select(h => h.By));
        Assert.Equal("default: v1 99%, v2 1%", history[0].Summary);
        Assert.True(history[0].At > history[1].At);
    }

    [Fact]
    public async Task PutAsync_BeyondTheHistoryLimit_KeepsTheNewestVersions()
    {
        var grain = fixture.Grains.GetGrain<IRoutePolicyGrain>(NewService());
        for (var i = 0; i < RevisionHistory.Limit + 5; i++)
        {
            await grain.PutAsync(Split(100 - (i % 100), i % 100), null, "api");
        }

        var history = await grain.GetHistoryAsync();

        Assert.Equal(RevisionHistory.Limit, history.Count);
        Assert.Equal(RevisionHistory.Limit + 5, history[0].Version);
        Assert.Equal(6, history[^1].Version);
        Assert.Null(await grain.GetRevisionAsync(5));
    }

    [Fact]
    public async Task RollbackAsync_WritesANewVersionEqualToTheOldOne()
    {
        var grain = fixture.Grains.GetGrain<IRoutePolicyGrain>(NewService());
        await grain.PutAsync(Split(90, 10), null, "api");
        await grain.PutAsync(Split(0, 100), null, "api");

        var result = await grain.RollbackAsync(1, 2, "carol");

        Assert.Equal(WriteStatus.Accepted, result.Status);
        Assert.Equal(3, result.Value!.ResourceVersion);
        Assert.Equal(Split(90, 10).Routes![0].Destinations, result.Value.Document.Routes![0].Destinations);
        var revision = await grain.GetRevisionAsync(3);
        Assert.Equal("carol", revision!.Info.By);
        Assert.StartsWith("rollback to version 1", revision.Info.Summary, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RollbackAsync_UnknownVersion_NamesToVersion()
    {
        var grain = fixture.Grains.GetGrain<IRoutePolicyGrain>(NewService());
        await grain.PutAsync(Split(90, 10), null, "api");

        var result = await grain.RollbackAsync(7, null, "api");

        Assert.Equal(WriteStatus.Invalid, result.Status);
        Assert.Equal("toVersion", Assert.Single(result.Errors).Path);
        Assert.Equal(1, (await grain.GetAsync()).ResourceVersion);
    }

    [Fact]
    public async Task PutAsync_ConcurrentWritersWithTheSameExpectedVersion_ExactlyOneWins()
    {
        var grain = fixture.Grains.GetGrain<IRoutePolicyGrain>(NewService());
        await grain.PutAsync(Split(90, 10), null, "api");

        var results = await Task.WhenAll(Enumerable.Range(0, 10).Select(i => grain.PutAsync(Split(100 - i, i), 1, $"writer-{i}")));

        Assert.Single(results, r => r.Status == WriteStatus.Accepted);
        Assert.Equal(9, results.Count(r => r.Status == WriteStatus.Conflict));
        Assert.Equal(2, (await grain.GetAsync()).ResourceVersion);
    }
}
