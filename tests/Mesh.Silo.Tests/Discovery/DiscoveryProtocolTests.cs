using System.Net;
using System.Text.Json.Nodes;
using Grpc.Core;
using Mesh.Protos.Discovery.V1;
using Mesh.Silo.Tests.Infrastructure;
using Mesh.Testing;

namespace Mesh.Silo.Tests.Discovery;

/// <summary>The proxy API of one (embedded) silo, driven over real gRPC by a client speaking the protocol.</summary>
[Collection(EmbeddedSiloCollection.Name)]
public sealed class DiscoveryProtocolTests(EmbeddedSiloFixture fixture)
{
    private SiloProcess Silo => fixture.Silo;

    private static string NewName(string prefix) => $"{prefix}-{Guid.NewGuid():N}"[..20];

    private static string Split(int v1, int v2) =>
        $$$"""{"routes":[{"name":"default","destinations":[{"subset":"v1","weight":{{{v1}}}},{"subset":"v2","weight":{{{v2}}}}]}]}""";

    private async Task<long> PutRoutesAsync(string service, int v1, int v2)
    {
        using var response = await Silo.Http.PutJsonAsync($"/api/v1/services/{service}/routes", Split(v1, v2));
        return (await response.ReadJsonAsync(HttpStatusCode.OK))["resourceVersion"]!.GetValue<long>();
    }

    private async Task<JsonNode> WatchStatusAsync(string proxyId, string service, Func<JsonNode, bool> condition, string waitingFor) =>
        await Eventually.WaitAsync(
            async () => (await Silo.Http.GetJsonAsync("/api/v1/proxies")).AsArray()
                .FirstOrDefault(p => p!["id"]!.GetValue<string>() == proxyId)?["watches"]?.AsArray()
                .FirstOrDefault(w => w!["service"]!.GetValue<string>() == service) ?? JsonValue.Create(0),
            w => w is JsonObject && condition(w),
            waitingFor);

    [Fact]
    public async Task Hello_IsAnsweredWithWelcomeThenTheCurrentConfigOfEachWatch()
    {
        var service = NewName("svc");
        await PutRoutesAsync(service, 90, 10);
        (await Silo.Http.PutJsonAsync($"/api/v1/services/{service}/endpoints/b-1", """{"address":"http://127.0.0.1:9001","labels":{"version":"v1"}}""")).Dispose();

        await using var proxy = await ProtocolClient.ConnectAsync(Silo.DiscoveryUrl, ProtocolClient.Hello(NewName("p"), "caller", service));
        var welcome = await proxy.NextAsync("welcome");
        var config = await proxy.NextConfigAsync(service);

        Assert.Equal(ControlMessage.KindOneofCase.Welcome, welcome.KindCase);
        Assert.Contains(Silo.DiscoveryUrl.GetLeftPart(UriPartial.Authority), welcome.Welcome.ControlPlaneUrls);
        Assert.Equal(5, welcome.Welcome.LeaseSeconds);
        Assert.Equal(2, config.Version);
        Assert.Equal(("default", "v1", 90, "v2", 10), (config.Routes[0].Name, config.Routes[0].Destinations[0].Subset, config.Routes[0].Destinations[0].Weight, config.Routes[0].Destinations[1].Subset, config.Routes[0].Destinations[1].Weight));
        Assert.Equal(["v1", "v2"], config.Subsets.Select(s => s.Name));
        Assert.Equal("v2", config.Subsets[1].Labels["version"]);
        var endpoint = Assert.Single(config.Endpoints);
        Assert.Equal(("b-1", "http://127.0.0.1:9001", "v1", true), (endpoint.Id, endpoint.Address, endpoint.Labels["version"], endpoint.Healthy));
        Assert.False(string.IsNullOrEmpty(config.Nonce));
    }

    [Fact]
    public async Task RouteChange_IsPushed_AndTheAckShowsSynced()
    {
        var service = NewName("svc");
        await PutRoutesAsync(service, 90, 10);
        var proxyId = NewName("p");
        await using var proxy = await ProtocolClient.ConnectAsync(Silo.DiscoveryUrl, ProtocolClient.Hello(proxyId, "caller", service));
        await proxy.AckAsync(await proxy.NextConfigAsync(service));

        await PutRoutesAsync(service, 0, 100);
        var pushed = await proxy.NextConfigAsync(service, TimeSpan.FromSeconds(2));
        await proxy.AckAsync(pushed);

        Assert.Equal(100, pushed.Routes[0].Destinations[1].Weight);
        var watch = await WatchStatusAsync(proxyId, service, w => w["state"]!.GetValue<string>() == "SYNCED" && w["ackedVersion"]!.GetValue<long>() == pushed.Version, "SYNCED at the pushed version");
        Assert.Equal(pushed.Version, watch["sentVersion"]!.GetValue<long>());
    }

    [Fact]
    public async Task Nack_ShowsNackedWithTheReason_AndAnOlderAckIsStale()
    {
        var service = NewName("svc");
        await PutRoutesAsync(service, 90, 10);
        var proxyId = NewName("p");
        await using var proxy = await ProtocolClient.ConnectAsync(Silo.DiscoveryUrl, ProtocolClient.Hello(proxyId, "caller", service));
        await proxy.AckAsync(await proxy.NextConfigAsync(service));

        await PutRoutesAsync(service, 50, 50);
        await proxy.NackAsync(await proxy.NextConfigAsync(service), "cannot apply: test reason");

        var watch = await WatchStatusAsync(proxyId, service, w => w["state"]!.GetValue<string>() == "NACKED", "NACKED");
        Assert.Equal("cannot apply: test reason", watch["error"]!.GetValue<string>());
        Assert.Equal(1, watch["ackedVersion"]!.GetValue<long>());
        var proxies = (await Silo.Http.GetJsonAsync("/api/v1/proxies")).AsArray();
        Assert.Equal("caller", proxies.Single(p => p!["id"]!.GetValue<string>() == proxyId)!["service"]!.GetValue<string>());
    }

    [Fact]
    public async Task HeldVersions_OnlyNewerConfigsAreSent()
    {
        var service = NewName("svc");
        var version = await PutRoutesAsync(service, 90, 10);
        var hello = ProtocolClient.Hello(NewName("p"), "caller", service);
        hello.HeldVersions[service] = version;

        await using var proxy = await ProtocolClient.ConnectAsync(Silo.DiscoveryUrl, hello);
        await proxy.NextAsync("welcome");
        var nothing = await proxy.TryNextAsync(TimeSpan.FromMilliseconds(500));
        await PutRoutesAsync(service, 80, 20);
        var newer = await proxy.NextConfigAsync(service, TimeSpan.FromSeconds(2));

        Assert.Null(nothing);
        Assert.Equal(version + 1, newer.Version);
    }

    [Fact]
    public async Task UnwatchedService_WatchedOnDemand_IsSent()
    {
        var service = NewName("svc");
        await PutRoutesAsync(service, 90, 10);
        await using var proxy = await ProtocolClient.ConnectAsync(Silo.DiscoveryUrl, ProtocolClient.Hello(NewName("p"), "caller"));
        await proxy.NextAsync("welcome");

        var watch = new Watch();
        watch.Services.Add(service);
        await proxy.SendAsync(new ProxyMessage { Watch = watch });

        Assert.Equal(1, (await proxy.NextConfigAsync(service)).Version);
    }

    [Fact]
    public async Task InboundAddress_RegistersTheInstance_GoodbyeRemovesItAtOnce()
    {
        var service = NewName("svc");
        var proxyId = NewName("p");
        var hello = ProtocolClient.Hello(proxyId, service, service);
        hello.Labels["version"] = "v2";
        hello.InboundAddress = "http://127.0.0.1:25006";

        var proxy = await ProtocolClient.ConnectAsync(Silo.DiscoveryUrl, hello);
        var config = await proxy.NextConfigAsync(service);
        var endpoint = Assert.Single(config.Endpoints);
        var listed = (await Silo.Http.GetJsonAsync($"/api/v1/services/{service}"))["endpoints"]![0]!;
        await proxy.GoodbyeAsync();
        await proxy.DisposeAsync();

        Assert.Equal((proxyId, "http://127.0.0.1:25006", "v2"), (endpoint.Id, endpoint.Address, endpoint.Labels["version"]));
        Assert.Equal("sidecar", listed["source"]!.GetValue<string>());
        await Eventually.WaitAsync(() => Silo.Http.GetJsonAsync($"/api/v1/services/{service}"),
            s => s["endpoints"]!.AsArray().Count == 0, "the endpoint removed after Goodbye", TimeSpan.FromSeconds(2));
    }

    [Fact]
    public async Task VanishedProxy_EndpointLapsesWithinTheLease_AndShowsDisconnected()
    {
        var service = NewName("svc");
        var proxyId = NewName("p");
        var hello = ProtocolClient.Hello(proxyId, service, service);
        hello.InboundAddress = "http://127.0.0.1:25007";
        var proxy = await ProtocolClient.ConnectAsync(Silo.DiscoveryUrl, hello);
        await proxy.NextConfigAsync(service);

        await proxy.DisposeAsync();
        var stillThere = (await Silo.Http.GetJsonAsync($"/api/v1/services/{service}"))["endpoints"]!.AsArray().Count;

        Assert.Equal(1, stillThere);
        await Eventually.WaitAsync(() => Silo.Http.GetJsonAsync($"/api/v1/services/{service}"),
            s => s["endpoints"]!.AsArray().Count == 0, "the endpoint lapsed after its 5 s lease", TimeSpan.FromSeconds(10));
        await WatchStatusAsync(proxyId, service, w => w["state"]!.GetValue<string>() == "DISCONNECTED", "DISCONNECTED");
    }

    [Theory]
    [InlineData("", "svc-a", "proxy_id")]
    [InlineData("p 1", "svc-a", "proxy_id")]
    [InlineData("p-1", "Bad_Service", "service")]
    public async Task InvalidHello_EndsTheCallWithInvalidArgumentNamingTheField(string proxyId, string service, string field)
    {
        await using var proxy = await ProtocolClient.ConnectAsync(Silo.DiscoveryUrl, ProtocolClient.Hello(proxyId, service));

        var error = await Assert.ThrowsAsync<RpcException>(() => proxy.NextAsync("the refusal"));

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.Contains(field, error.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task FirstMessageNotHello_IsRefused()
    {
        await using var rogue = await ProtocolClient.OpenAsync(Silo.DiscoveryUrl, new ProxyMessage { Ack = new Ack { Service = "svc-a", Version = 1 } });

        var error = await Assert.ThrowsAsync<RpcException>(() => rogue.NextAsync("the refusal"));

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
    }

    [Fact]
    public async Task DiscoveryPort_DoesNotServeTheRulesApi()
    {
        using var http = new HttpClient(new SocketsHttpHandler()) { DefaultRequestVersion = HttpVersion.Version20, DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact };

        using var response = await http.GetAsync(new Uri(Silo.DiscoveryUrl, "/api/v1/services"));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task HealthReport_MarksTheSessionsOwnEndpoint_AndWatchersReceiveIt()
    {
        var service = NewName("svc");
        var hello = ProtocolClient.Hello(NewName("p"), service);
        hello.InboundAddress = "http://127.0.0.1:25020";
        await using var instance = await ProtocolClient.ConnectAsync(Silo.DiscoveryUrl, hello);
        await instance.NextAsync("welcome");
        await using var caller = await ProtocolClient.ConnectAsync(Silo.DiscoveryUrl, ProtocolClient.Hello(NewName("p"), "caller", service));
        Assert.True(Assert.Single((await caller.NextConfigAsync(service)).Endpoints).Healthy);

        await instance.SendAsync(new ProxyMessage { Health = new HealthReport { Healthy = false, Detail = "3 probes of /healthz failed: 503" } });
        var pushed = await caller.NextConfigAsync(service, TimeSpan.FromSeconds(2));

        Assert.False(Assert.Single(pushed.Endpoints).Healthy);
        var listed = (await Silo.Http.GetJsonAsync($"/api/v1/services/{service}"))["endpoints"]![0]!;
        Assert.False(listed["healthy"]!.GetValue<bool>());
    }

    [Fact]
    public async Task HealthReport_FromASessionWithoutAnInstance_IsRefused()
    {
        await using var proxy = await ProtocolClient.ConnectAsync(Silo.DiscoveryUrl, ProtocolClient.Hello(NewName("p"), "caller"));
        await proxy.NextAsync("welcome");

        await proxy.SendAsync(new ProxyMessage { Health = new HealthReport { Healthy = false } });
        var error = await Assert.ThrowsAsync<RpcException>(() => proxy.NextAsync("the refusal"));

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
    }
}
