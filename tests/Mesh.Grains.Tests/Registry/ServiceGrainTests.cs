using Mesh.Grains.Indexing;
using Mesh.Grains.Registry;
using Mesh.Model.Registry;
using Mesh.Model.Validation;

namespace Mesh.Grains.Tests.Registry;

[Collection(ClusterCollection.Name)]
public sealed class ServiceGrainTests(ClusterFixture fixture)
{
    private static string NewService() => $"svc-{Guid.NewGuid():N}";

    private static EndpointRegistration Endpoint(string id, int port, string version) => new()
    {
        Id = id,
        Address = $"http://127.0.0.1:{port}",
        Labels = new Dictionary<string, string> { ["version"] = version },
        Source = EndpointSources.Api,
    };

    [Fact]
    public async Task UpsertEndpointAsync_New_AddsItBumpsTheVersionAndIndexes()
    {
        var service = NewService();
        var grain = fixture.Grains.GetGrain<IServiceGrain>(service);

        var result = await grain.UpsertEndpointAsync(Endpoint("b-1", 9001, "v1"));

        Assert.Equal(WriteStatus.Accepted, result.Status);
        var snapshot = await grain.GetAsync();
        Assert.Equal(1, snapshot.ResourceVersion);
        var endpoint = Assert.Single(snapshot.Endpoints);
        Assert.Equal(("b-1", "http://127.0.0.1:9001", "v1", true, "api"), (endpoint.Id, endpoint.Address, endpoint.Labels["version"], endpoint.Healthy, endpoint.Source));
        Assert.True(await fixture.Grains.ServiceIndex().ContainsAsync(service));
    }

    [Fact]
    public async Task UpsertEndpointAsync_SameAgain_KeepsTheVersion()
    {
        var grain = fixture.Grains.GetGrain<IServiceGrain>(NewService());
        await grain.UpsertEndpointAsync(Endpoint("b-1", 9001, "v1"));

        await grain.UpsertEndpointAsync(Endpoint("b-1", 9001, "v1"));

        Assert.Equal(1, (await grain.GetAsync()).ResourceVersion);
    }

    [Fact]
    public async Task UpsertEndpointAsync_Changed_ReplacesIt()
    {
        var grain = fixture.Grains.GetGrain<IServiceGrain>(NewService());
        await grain.UpsertEndpointAsync(Endpoint("b-1", 9001, "v1"));

        await grain.UpsertEndpointAsync(Endpoint("b-1", 9002, "v2"));

        var snapshot = await grain.GetAsync();
        Assert.Equal(2, snapshot.ResourceVersion);
        Assert.Equal("http://127.0.0.1:9002", Assert.Single(snapshot.Endpoints).Address);
    }

    [Theory]
    [InlineData("not a url", "address")]
    [InlineData("ftp://127.0.0.1:21", "address")]
    [InlineData("http://127.0.0.1:9001/path", "address")]
    public async Task UpsertEndpointAsync_BadAddress_NamesTheAddress(string address, string path)
    {
        var grain = fixture.Grains.GetGrain<IServiceGrain>(NewService());

        var result = await grain.UpsertEndpointAsync(Endpoint("b-1", 1, "v1") with { Address = address });

        Assert.Equal(path, Assert.Single(result.Errors).Path);
        Assert.Empty((await grain.GetAsync()).Endpoints);
    }

    [Fact]
    public async Task UpsertEndpointAsync_BadIdAndLabel_NamesBoth()
    {
        var grain = fixture.Grains.GetGrain<IServiceGrain>(NewService());

        var result = await grain.UpsertEndpointAsync(Endpoint("bad id", 9001, "v1 beta"));

        Assert.Equal(["id", "labels.version"], result.Errors.Select(e => e.Path));
    }

    [Fact]
    public async Task RemoveEndpointAsync_Known_RemovesIt_Unknown_IsNotFound()
    {
        var grain = fixture.Grains.GetGrain<IServiceGrain>(NewService());
        await grain.UpsertEndpointAsync(Endpoint("b-1", 9001, "v1"));

        var removed = await grain.RemoveEndpointAsync("b-1");
        var missing = await grain.RemoveEndpointAsync("b-1");

        Assert.Equal(WriteStatus.Accepted, removed.Status);
        Assert.Empty(removed.Value!.Endpoints);
        Assert.Equal(WriteStatus.NotFound, missing.Status);
        Assert.Equal(2, (await grain.GetAsync()).ResourceVersion);
    }

    [Fact]
    public async Task GetSummaryAsync_CountsEndpointsAndListsVersions()
    {
        var grain = fixture.Grains.GetGrain<IServiceGrain>(NewService());
        await grain.UpsertEndpointAsync(Endpoint("b-1", 9001, "v2"));
        await grain.UpsertEndpointAsync(Endpoint("b-2", 9002, "v1"));
        await grain.UpsertEndpointAsync(Endpoint("b-3", 9003, "v1"));

        var summary = await grain.GetSummaryAsync();

        Assert.Equal((3, 3), (summary.Endpoints, summary.HealthyEndpoints));
        Assert.Equal(["v1", "v2"], summary.Versions);
    }

    private static EndpointRegistration Sidecar(string proxyId, int port) => Endpoint(proxyId, port, "v1") with
    {
        Source = EndpointSources.Sidecar,
        ProxyId = proxyId,
        Lease = TimeSpan.FromSeconds(5),
    };

    [Fact]
    public async Task SidecarEndpoint_NotRenewed_LapsesAfterItsLease()
    {
        var grain = fixture.Grains.GetGrain<IServiceGrain>(NewService());
        await grain.UpsertEndpointAsync(Sidecar("proxy-1", 15006));
        await grain.UpsertEndpointAsync(Endpoint("api-1", 9001, "v1"));

        fixture.Time.Advance(TimeSpan.FromSeconds(6));

        var remaining = await WaitForAsync(grain, s => s.Endpoints.Count == 1);
        Assert.Equal("api-1", Assert.Single(remaining.Endpoints).Id);
    }

    [Fact]
    public async Task SidecarEndpoint_Renewed_StaysAndRenewalMakesNoNewVersion()
    {
        var grain = fixture.Grains.GetGrain<IServiceGrain>(NewService());
        await grain.UpsertEndpointAsync(Sidecar("proxy-1", 15006));

        for (var i = 0; i < 4; i++)
        {
            fixture.Time.Advance(TimeSpan.FromSeconds(3));
            Assert.Empty(await grain.RenewLeasesAsync(["proxy-1"], TimeSpan.FromSeconds(5)));
        }

        var snapshot = await grain.GetAsync();
        Assert.Equal(1, snapshot.ResourceVersion);
        Assert.Equal(fixture.Time.GetUtcNow() + TimeSpan.FromSeconds(5), Assert.Single(snapshot.Endpoints).LeaseExpiresAt);
    }

    [Fact]
    public async Task RenewLeasesAsync_UnknownEndpoint_IsReportedForReRegistration()
    {
        var grain = fixture.Grains.GetGrain<IServiceGrain>(NewService());

        Assert.Equal(["gone"], await grain.RenewLeasesAsync(["gone"], TimeSpan.FromSeconds(5)));
    }

    [Fact]
    public async Task SidecarReRegistration_FromAnotherSilo_KeepsTheVersion()
    {
        var grain = fixture.Grains.GetGrain<IServiceGrain>(NewService());
        await grain.UpsertEndpointAsync(Sidecar("proxy-1", 15006));

        await grain.UpsertEndpointAsync(Sidecar("proxy-1", 15006));

        Assert.Equal(1, (await grain.GetAsync()).ResourceVersion);
    }

    [Fact]
    public async Task RemoveSidecarEndpointAsync_RemovesOnlySidecarRegistrations()
    {
        var grain = fixture.Grains.GetGrain<IServiceGrain>(NewService());
        await grain.UpsertEndpointAsync(Sidecar("proxy-1", 15006));
        await grain.UpsertEndpointAsync(Endpoint("api-1", 9001, "v1"));

        await grain.RemoveSidecarEndpointAsync("proxy-1");
        await grain.RemoveSidecarEndpointAsync("api-1");

        Assert.Equal("api-1", Assert.Single((await grain.GetAsync()).Endpoints).Id);
    }

    private static async Task<ServiceSnapshot> WaitForAsync(IServiceGrain grain, Func<ServiceSnapshot, bool> condition)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (true)
        {
            var snapshot = await grain.GetAsync();
            if (condition(snapshot))
            {
                return snapshot;
            }

            Assert.True(DateTime.UtcNow < deadline, "the lapsed lease was not expired within 10 s");
            await Task.Delay(50);
        }
    }

    [Fact]
    public async Task SetEndpointHealthAsync_Unhealthy_MakesANewVersion_AndASidecarReRegistrationKeepsIt()
    {
        var grain = fixture.Grains.GetGrain<IServiceGrain>(NewService());
        await grain.UpsertEndpointAsync(Sidecar("proxy-1", 15006));

        await grain.SetEndpointHealthAsync("proxy-1", healthy: false);
        await grain.SetEndpointHealthAsync("proxy-1", healthy: false);
        await grain.UpsertEndpointAsync(Sidecar("proxy-1", 15006));
        var snapshot = await grain.GetAsync();

        Assert.Equal(2, snapshot.ResourceVersion);
        Assert.False(Assert.Single(snapshot.Endpoints).Healthy);
        Assert.Equal(0, (await grain.GetSummaryAsync()).HealthyEndpoints);
    }
}
