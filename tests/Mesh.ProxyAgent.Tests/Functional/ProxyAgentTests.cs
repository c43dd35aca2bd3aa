using System.Diagnostics;
using System.Net;
using System.Text.Json;
using Mesh.Protos.Discovery.V1;
using Mesh.ProxyAgent.ControlPlane;
using Mesh.ProxyAgent.Tests.Infrastructure;
using static Mesh.ProxyAgent.Tests.Infrastructure.TestConfigs;

namespace Mesh.ProxyAgent.Tests.Functional;

/// <summary>A real agent in process, against an in-test silo (gRPC over loopback h2c) and in-test apps.</summary>
[Collection(FunctionalCollection.Name)]
public sealed class ProxyAgentTests
{
    private static readonly ControlPlaneTimings Fast = new()
    {
        WelcomeTimeout = TimeSpan.FromSeconds(1),
        OnDemandWait = TimeSpan.FromSeconds(1),
    };

    private static ServiceConfig SvcB(long version, string address) =>
        Service("svc-b", version, Split("default", ("v1", 100))).WithSubsets("v1").WithEndpoint("b-1", address, "v1");

    private static async Task<string> MetricsAsync(AgentHost agent) => await agent.Client.GetStringAsync(agent.AdminUrl + "/metrics");

    [Fact]
    public async Task Agent_WithSiloAndApps_RegistersAcksRoutesWithHostPreservedAndReports()
    {
        await using var appB = await TestApp.StartAsync("b1");
        await using var appA = await TestApp.StartAsync("a1");
        await using var silo = await FakeControlPlane.StartAsync("silo-1");
        silo.Hold(SvcB(1, appB.Url));
        await using var agent = await AgentHost.StartAsync(
            Fast, $"Mesh:ControlPlane={silo.Url}", "Mesh:Service=svc-a", "Mesh:Version=v1", "Mesh:ProxyId=svc-a-test-1",
            $"Mesh:AppUrl={appA.Url}", "Mesh:Upstreams=svc-b", "Mesh:DrainSeconds=0");

        var hello = (await silo.NextAsync(ProxyMessage.KindOneofCase.Hello)).Hello;
        Assert.Equal("svc-a-test-1", hello.ProxyId);
        Assert.Equal("svc-a", hello.Service);
        Assert.Equal(new Dictionary<string, string> { ["version"] = "v1" }, hello.Labels);
        Assert.Equal(agent.InboundUrl, hello.InboundAddress);
        Assert.Equal(["svc-a", "svc-b"], hello.Watches);
        Assert.Empty(hello.HeldVersions);
        Assert.Equal(new Ack { Service = "svc-b", Version = 1, Nonce = "n1" }, (await silo.NextAsync(ProxyMessage.KindOneofCase.Ack)).Ack);

        using var ready = await agent.Client.GetAsync(agent.AdminUrl + "/ready");
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);

        using var outbound = await agent.Client.SendAsync(agent.Outbound("svc-b", "/orders/7"));
        Assert.Equal(HttpStatusCode.OK, outbound.StatusCode);
        Assert.Equal("b1 /orders/7", await outbound.Content.ReadAsStringAsync());
        Assert.Equal("svc-b", outbound.Headers.GetValues("x-seen-host").Single());
        Assert.Equal("v1", outbound.Headers.GetValues("x-mesh-subset").Single());

        using var inboundRequest = new HttpRequestMessage(HttpMethod.Get, agent.InboundUrl + "/local");
        inboundRequest.Headers.Host = "svc-a";
        using var inbound = await agent.Client.SendAsync(inboundRequest);
        Assert.Equal("a1 /local", await inbound.Content.ReadAsStringAsync());
        Assert.Equal("svc-a", inbound.Headers.GetValues("x-seen-host").Single());

        using var dump = JsonDocument.Parse(await agent.Client.GetStringAsync(agent.AdminUrl + "/config_dump"));
        Assert.Equal(
            $$$"""{"proxyId":"svc-a-test-1","service":"svc-a","silo":"silo-1","connected":true,"controlPlane":["{{{silo.Url}}}/"],"health":{"healthy":true,"detail":"no health check"},"services":[{"service":"svc-b","version":1,"routes":[{"name":"default","destinations":[{"subset":"v1","weight":100}]}],"endpoints":[{"id":"b-1","address":"{{{appB.Url}}}","labels":{"version":"v1"},"healthy":true}],"subsets":[{"name":"v1","labels":{"version":"v1"}}]}]}""",
            JsonSerializer.Serialize(dump.RootElement));

        var metrics = await MetricsAsync(agent);
        Assert.Contains("mesh_requests_total{code=\"200\",direction=\"outbound\",service=\"svc-b\",subset=\"v1\"} 1\n", metrics, StringComparison.Ordinal);
        Assert.Contains("mesh_requests_total{code=\"200\",direction=\"inbound\",service=\"svc-a\",subset=\"v1\"} 1\n", metrics, StringComparison.Ordinal);
        Assert.Contains("mesh_request_duration_seconds_count{direction=\"outbound\",service=\"svc-b\",subset=\"v1\"} 1\n", metrics, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Agent_BadPushes_AreNackedWhileTrafficFlowsOnTheLastGoodConfig()
    {
        await using var appB = await TestApp.StartAsync("b1");
        await using var silo = await FakeControlPlane.StartAsync("silo-1");
        silo.Hold(SvcB(1, appB.Url));
        await using var agent = await AgentHost.StartAsync(Fast, $"Mesh:ControlPlane={silo.Url}", "Mesh:Service=svc-a", "Mesh:Upstreams=svc-b", "Mesh:DrainSeconds=0");
        await silo.NextAsync(ProxyMessage.KindOneofCase.Ack);

        silo.Push(Service("svc-b", 2, Split("default", ("v1", 90), ("v2", 5))).WithSubsets("v1", "v2").WithEndpoint("b-1", appB.Url, "v1"));
        Assert.Equal(
            new Nack { Service = "svc-b", Version = 2, Nonce = "n2", Error = "route 'default' weights sum to 95, not 100" },
            (await silo.NextAsync(ProxyMessage.KindOneofCase.Nack)).Nack);
        silo.Push(SvcB(3, appB.Url).WithEndpoint("b-9", agent.OutboundUrl, "v1"));
        Assert.Equal(
            $"endpoint 'b-9' address {agent.OutboundUrl} is this proxy's own outbound listener (routing loop)",
            (await silo.NextAsync(ProxyMessage.KindOneofCase.Nack)).Nack.Error);

        using var response = await agent.Client.SendAsync(agent.Outbound("svc-b"));
        Assert.Equal("b1 /", await response.Content.ReadAsStringAsync());
        using var dump = JsonDocument.Parse(await agent.Client.GetStringAsync(agent.AdminUrl + "/config_dump"));
        Assert.Equal(1, dump.RootElement.GetProperty("services")[0].GetProperty("version").GetInt64());
    }

    [Fact]
    public async Task Agent_SiloBreaks_ReconnectsToAReportedSiloWithHeldVersionsAndKeepsServing()
    {
        await using var appB = await TestApp.StartAsync("b1");
        await using var second = await FakeControlPlane.StartAsync("silo-2");
        await using var first = await FakeControlPlane.StartAsync("silo-1");
        first.Peers.Add(second.Url);
        first.Hold(SvcB(4, appB.Url));
        second.Hold(SvcB(4, appB.Url));
        await using var agent = await AgentHost.StartAsync(Fast, $"Mesh:ControlPlane={first.Url}", "Mesh:Service=svc-a", "Mesh:Upstreams=svc-b", "Mesh:DrainSeconds=0");
        await first.NextAsync(ProxyMessage.KindOneofCase.Ack);

        await first.DisposeAsync();
        using (var duringFailover = await agent.Client.SendAsync(agent.Outbound("svc-b")))
        {
            Assert.Equal(HttpStatusCode.OK, duringFailover.StatusCode);
        }

        var hello = (await second.NextAsync(ProxyMessage.KindOneofCase.Hello)).Hello;
        Assert.Equal(new Dictionary<string, long> { ["svc-b"] = 4 }, hello.HeldVersions);
        second.Push(SvcB(5, appB.Url));
        Assert.Equal(5, (await second.NextAsync(ProxyMessage.KindOneofCase.Ack)).Ack.Version);
        using var dump = JsonDocument.Parse(await agent.Client.GetStringAsync(agent.AdminUrl + "/config_dump"));
        Assert.Equal("silo-2", dump.RootElement.GetProperty("silo").GetString());
    }

    [Fact]
    public async Task Agent_FrozenSiloFirst_MovesOnToTheNextSiloAfterTheWelcomeTimeout()
    {
        using var frozen = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        frozen.Start();
        var frozenUrl = $"http://127.0.0.1:{((IPEndPoint)frozen.LocalEndpoint).Port}";
        await using var silo = await FakeControlPlane.StartAsync("silo-live");
        var clock = Stopwatch.StartNew();

        await using var agent = await AgentHost.StartAsync(Fast, $"Mesh:ControlPlane={frozenUrl},{silo.Url}", "Mesh:Service=svc-a", "Mesh:DrainSeconds=0");

        await silo.NextAsync(ProxyMessage.KindOneofCase.Hello, TimeSpan.FromSeconds(10));
        Assert.InRange(clock.Elapsed, Fast.WelcomeTimeout, TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task Agent_GracefulStop_SaysGoodbyeThenServesUntilTheDrainEnds()
    {
        await using var appA = await TestApp.StartAsync("a1");
        await using var silo = await FakeControlPlane.StartAsync("silo-1");
        await using var agent = await AgentHost.StartAsync(Fast, $"Mesh:ControlPlane={silo.Url}", "Mesh:Service=svc-a", $"Mesh:AppUrl={appA.Url}", "Mesh:DrainSeconds=2");
        await silo.NextAsync(ProxyMessage.KindOneofCase.Hello);
        await WaitForReadyAsync(agent);

        var clock = Stopwatch.StartNew();
        var stopping = agent.StopAsync();
        await silo.NextAsync(ProxyMessage.KindOneofCase.Goodbye);
        using (var duringDrain = await agent.Client.GetAsync(agent.InboundUrl + "/still-here"))
        {
            Assert.Equal("a1 /still-here", await duringDrain.Content.ReadAsStringAsync());
        }

        using (var notReady = await agent.Client.GetAsync(agent.AdminUrl + "/ready"))
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, notReady.StatusCode);
            Assert.Equal("draining: the proxy is stopping", await notReady.Content.ReadAsStringAsync());
        }

        await stopping.WaitAsync(TimeSpan.FromSeconds(15));
        // The drain is a 2 s timer; timers may fire a few milliseconds early by the Stopwatch's clock.
        Assert.InRange(clock.Elapsed, TimeSpan.FromSeconds(1.95), TimeSpan.FromSeconds(15));
        await Assert.ThrowsAsync<HttpRequestException>(() => agent.Client.GetAsync(agent.InboundUrl + "/gone"));
    }

    [Fact]
    public async Task Agent_UnknownService_IsWatchedOnDemandAndRoutedOnceItsConfigArrives()
    {
        await using var appC = await TestApp.StartAsync("c1");
        await using var silo = await FakeControlPlane.StartAsync("silo-1");
        silo.Hold(Service("svc-c", 1).WithEndpoint("c-1", appC.Url));
        await using var agent = await AgentHost.StartAsync(Fast, $"Mesh:ControlPlane={silo.Url}", "Mesh:Service=svc-a", "Mesh:DrainSeconds=0");
        await silo.NextAsync(ProxyMessage.KindOneofCase.Hello);

        using var response = await agent.Client.SendAsync(agent.Outbound("svc-c", "/x"));

        Assert.Equal("c1 /x", await response.Content.ReadAsStringAsync());
        Assert.False(response.Headers.Contains("x-mesh-subset"));
        Assert.Equal(["svc-c"], (await silo.NextAsync(ProxyMessage.KindOneofCase.Watch)).Watch.Services);
    }

    [Fact]
    public async Task Agent_RequestsItCannotRoute_GetClearReasons()
    {
        await using var silo = await FakeControlPlane.StartAsync("silo-1");
        silo.Hold(Service("svc-d", 1, Split("default", ("v2", 100))).WithSubsets("v2").WithEndpoint("d-1", "http://127.0.0.1:9", "v1"));
        silo.Hold(Service("svc-e", 1).WithEndpoint("e-1", $"http://127.0.0.1:{FreePort.Next()}"));
        await using var agent = await AgentHost.StartAsync(Fast, $"Mesh:ControlPlane={silo.Url}", "Mesh:Service=svc-a", "Mesh:Upstreams=svc-d,svc-e", "Mesh:DrainSeconds=0");
        await silo.NextAsync(ProxyMessage.KindOneofCase.Ack);
        await silo.NextAsync(ProxyMessage.KindOneofCase.Ack);

        using var noConfig = await agent.Client.SendAsync(agent.Outbound("svc-x"));
        using var noHealthy = await agent.Client.SendAsync(agent.Outbound("svc-d"));
        using var refused = await agent.Client.SendAsync(agent.Outbound("svc-e"));
        using var notAService = await agent.Client.SendAsync(agent.Outbound("127.0.0.1"));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, noConfig.StatusCode);
        Assert.Equal("no config for service 'svc-x'", noConfig.Headers.GetValues("x-mesh-reason").Single());
        Assert.Equal(HttpStatusCode.ServiceUnavailable, noHealthy.StatusCode);
        Assert.Equal("no healthy endpoints in subset 'v2' of 'svc-d'", noHealthy.Headers.GetValues("x-mesh-reason").Single());
        Assert.Equal(HttpStatusCode.BadGateway, refused.StatusCode);
        Assert.StartsWith("upstream endpoint 'e-1' at http://127.0.0.1:", refused.Headers.GetValues("x-mesh-reason").Single(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, notAService.StatusCode);
        var metrics = await MetricsAsync(agent);
        Assert.Contains("mesh_requests_total{code=\"503\",direction=\"outbound\",service=\"(unknown)\",subset=\"\"} 1\n", metrics, StringComparison.Ordinal);
        Assert.Contains("mesh_requests_total{code=\"400\",direction=\"outbound\",service=\"(unknown)\",subset=\"\"} 1\n", metrics, StringComparison.Ordinal);
        Assert.Contains("mesh_requests_total{code=\"503\",direction=\"outbound\",service=\"svc-d\",subset=\"v2\"} 1\n", metrics, StringComparison.Ordinal);
        Assert.Contains("mesh_requests_total{code=\"502\",direction=\"outbound\",service=\"svc-e\",subset=\"\"} 1\n", metrics, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Agent_AdminPathsOnATrafficPort_AreForwardedNotServed()
    {
        await using var silo = await FakeControlPlane.StartAsync("silo-1");
        await using var agent = await AgentHost.StartAsync(Fast, $"Mesh:ControlPlane={silo.Url}", "Mesh:Service=svc-a", "Mesh:DrainSeconds=0");

        using var viaInbound = await agent.Client.GetAsync(agent.InboundUrl + "/config_dump");
        using var viaAdmin = await agent.Client.GetAsync(agent.AdminUrl + "/alive");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, viaInbound.StatusCode);
        Assert.Equal("this proxy fronts no app (Mesh:AppUrl is not set)", viaInbound.Headers.GetValues("x-mesh-reason").Single());
        Assert.Equal("Healthy", await viaAdmin.Content.ReadAsStringAsync());
    }

    private static async Task WaitForReadyAsync(AgentHost agent)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (true)
        {
            using var response = await agent.Client.GetAsync(agent.AdminUrl + "/ready", timeout.Token);
            if (response.StatusCode == HttpStatusCode.OK)
            {
                return;
            }

            // Readiness flips when Welcome is handled; nothing to await on from outside the agent.
            await Task.Delay(20, timeout.Token);
        }
    }
}
