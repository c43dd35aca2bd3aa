using System.Diagnostics;
using System.Net;
using System.Text.Json;
using Mesh.Protos.Discovery.V1;
using ProtoFault = Mesh.Protos.Discovery.V1.FaultInjection;
using Mesh.ProxyAgent.ControlPlane;
using Mesh.ProxyAgent.Tests.Infrastructure;
using static Mesh.ProxyAgent.Tests.Infrastructure.TestConfigs;

namespace Mesh.ProxyAgent.Tests.Functional;

/// <summary>Route rules enforced by a real agent against the in-test silo and in-test apps.</summary>
[Collection(FunctionalCollection.Name)]
public sealed class TrafficManagementTests
{
    private static readonly ControlPlaneTimings Fast = new()
    {
        WelcomeTimeout = TimeSpan.FromSeconds(1),
        OnDemandWait = TimeSpan.FromSeconds(1),
    };

    private static Task<AgentHost> StartAgentAsync(FakeControlPlane silo, string upstreams) =>
        AgentHost.StartAsync(Fast, $"Mesh:ControlPlane={silo.Url}", "Mesh:Service=svc-a", $"Mesh:Upstreams={upstreams}", "Mesh:DrainSeconds=0");

    [Fact]
    public async Task Agent_HeaderMatch_SendsBetaToV2AndTheRestToTheWeightedDefault()
    {
        await using var v1 = await TestApp.StartAsync("b1");
        await using var v2 = await TestApp.StartAsync("b2");
        await using var silo = await FakeControlPlane.StartAsync("silo-1");
        var beta = Split("beta", ("v2", 100));
        beta.Match = new RouteMatch { Headers = { ["x-user-group"] = new StringMatch { Exact = "beta" } } };
        silo.Hold(Service("svc-b", 1, beta, Split("default", ("v1", 100), ("v2", 0)))
            .WithSubsets("v1", "v2").WithEndpoint("b-1", v1.Url, "v1").WithEndpoint("b-2", v2.Url, "v2"));
        await using var agent = await StartAgentAsync(silo, "svc-b");
        await silo.NextAsync(ProxyMessage.KindOneofCase.Ack);

        for (var i = 0; i < 5; i++)
        {
            using var betaRequest = agent.Outbound("svc-b", "/x");
            betaRequest.Headers.Add("x-user-group", "beta");
            using var toBeta = await agent.Client.SendAsync(betaRequest);
            using var otherRequest = agent.Outbound("svc-b", "/x");
            otherRequest.Headers.Add("x-user-group", "alpha");
            using var toOther = await agent.Client.SendAsync(otherRequest);
            using var plain = await agent.Client.SendAsync(agent.Outbound("svc-b", "/x"));

            Assert.Equal("b2 /x", await toBeta.Content.ReadAsStringAsync());
            Assert.Equal("v2", toBeta.Headers.GetValues("x-mesh-subset").Single());
            Assert.Equal("b1 /x", await toOther.Content.ReadAsStringAsync());
            Assert.Equal("b1 /x", await plain.Content.ReadAsStringAsync());
        }

        using var dump = JsonDocument.Parse(await agent.Client.GetStringAsync(agent.AdminUrl + "/config_dump"));
        Assert.Equal(
            """[{"name":"beta","match":{"headers":{"x-user-group":{"exact":"beta"}}},"destinations":[{"subset":"v2","weight":100}]},{"name":"default","destinations":[{"subset":"v1","weight":100},{"subset":"v2","weight":0}]}]""",
            JsonSerializer.Serialize(dump.RootElement.GetProperty("services")[0].GetProperty("routes")));
    }

    [Fact]
    public async Task Agent_NoRouteMatches_Answers404WithTheReason()
    {
        await using var v1 = await TestApp.StartAsync("b1");
        await using var silo = await FakeControlPlane.StartAsync("silo-1");
        var api = Split("api", ("v1", 100));
        api.Match = new RouteMatch { Path = new StringMatch { Prefix = "/api" }, Methods = { "GET" } };
        silo.Hold(Service("svc-b", 1, api).WithSubsets("v1").WithEndpoint("b-1", v1.Url, "v1"));
        await using var agent = await StartAgentAsync(silo, "svc-b");
        await silo.NextAsync(ProxyMessage.KindOneofCase.Ack);

        using var matched = await agent.Client.SendAsync(agent.Outbound("svc-b", "/api/orders"));
        using var unmatched = await agent.Client.SendAsync(agent.Outbound("svc-b", "/web"));

        Assert.Equal("b1 /api/orders", await matched.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.NotFound, unmatched.StatusCode);
        Assert.Equal("no route of 'svc-b' matches", unmatched.Headers.GetValues("x-mesh-reason").Single());
    }

    private static ServiceConfig OneRoute(Route route, string address) =>
        Service("svc-b", 1, route).WithSubsets("v1").WithEndpoint("b-1", address, "v1");

    private static async Task<JsonElement> RouteDumpAsync(AgentHost agent)
    {
        using var dump = JsonDocument.Parse(await agent.Client.GetStringAsync(agent.AdminUrl + "/config_dump"));
        return dump.RootElement.GetProperty("services")[0].GetProperty("routes")[0].Clone();
    }

    [Fact]
    public async Task Agent_AbortFault_AnswersTheStatusWithoutCallingTheUpstream()
    {
        await using var v1 = await TestApp.StartAsync("b1");
        await using var silo = await FakeControlPlane.StartAsync("silo-1");
        var route = Split("default", ("v1", 100));
        route.Fault = new ProtoFault { AbortPercent = 100, AbortStatus = 503 };
        silo.Hold(OneRoute(route, v1.Url));
        await using var agent = await StartAgentAsync(silo, "svc-b");
        await silo.NextAsync(ProxyMessage.KindOneofCase.Ack);

        using var response = await agent.Client.SendAsync(agent.Outbound("svc-b"));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal("abort", response.Headers.GetValues("x-mesh-fault").Single());
        Assert.Equal("v1", response.Headers.GetValues("x-mesh-subset").Single());
        Assert.Equal(0, v1.Requests);
        Assert.Equal(
            """{"name":"default","destinations":[{"subset":"v1","weight":100}],"fault":{"abort":{"percent":100,"httpStatus":503}}}""",
            JsonSerializer.Serialize(await RouteDumpAsync(agent)));
    }

    [Fact]
    public async Task Agent_DelayFault_WaitsThenForwards()
    {
        await using var v1 = await TestApp.StartAsync("b1");
        await using var silo = await FakeControlPlane.StartAsync("silo-1");
        var route = Split("default", ("v1", 100));
        route.Fault = new ProtoFault { DelayPercent = 100, DelayMs = 300 };
        silo.Hold(OneRoute(route, v1.Url));
        await using var agent = await StartAgentAsync(silo, "svc-b");
        await silo.NextAsync(ProxyMessage.KindOneofCase.Ack);
        var clock = Stopwatch.StartNew();

        using var response = await agent.Client.SendAsync(agent.Outbound("svc-b", "/slow"));

        // The delay is a 300 ms timer; timers may fire a few milliseconds early by the Stopwatch's clock.
        Assert.InRange(clock.Elapsed, TimeSpan.FromMilliseconds(290), TimeSpan.FromSeconds(10));
        Assert.Equal("b1 /slow", await response.Content.ReadAsStringAsync());
        Assert.Equal("delay", response.Headers.GetValues("x-mesh-fault").Single());
        Assert.Equal(
            """{"name":"default","destinations":[{"subset":"v1","weight":100}],"fault":{"delay":{"percent":100,"fixedDelay":"300ms"}}}""",
            JsonSerializer.Serialize(await RouteDumpAsync(agent)));
    }

    [Fact]
    public async Task Agent_DelayFault_CallerGivesUp_EndsTheRequestWithoutForwarding()
    {
        await using var v1 = await TestApp.StartAsync("b1");
        await using var silo = await FakeControlPlane.StartAsync("silo-1");
        var route = Split("default", ("v1", 100));
        route.Fault = new ProtoFault { DelayPercent = 100, DelayMs = 600_000 };
        silo.Hold(OneRoute(route, v1.Url));
        await using var agent = await StartAgentAsync(silo, "svc-b");
        await silo.NextAsync(ProxyMessage.KindOneofCase.Ack);

        using (var giveUp = new CancellationTokenSource(TimeSpan.FromMilliseconds(200)))
        {
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => agent.Client.SendAsync(agent.Outbound("svc-b"), giveUp.Token));
        }

        // The request is recorded when the proxy lets go of it: long before the 10-minute delay if cancellation is honoured.
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (!(await agent.Client.GetStringAsync(agent.AdminUrl + "/metrics", timeout.Token))
            .Contains("mesh_request_duration_seconds_count{direction=\"outbound\",service=\"svc-b\",subset=\"v1\"} 1\n", StringComparison.Ordinal))
        {
            Assert.False(timeout.IsCancellationRequested, "timed out waiting for the cancelled delayed request to end");
            await Task.Delay(20, timeout.Token);
        }

        Assert.Equal(0, v1.Requests);
    }

    [Fact]
    public async Task Agent_RouteTimeout_Answers504AndCancelsTheUpstreamRequest()
    {
        var upstreamCancelled = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var stalling = await TestApp.StartAsync(async context =>
        {
            try
            {
                await Task.Delay(Timeout.Infinite, context.RequestAborted);
            }
            catch (OperationCanceledException)
            {
                upstreamCancelled.TrySetResult();
            }
        });
        await using var silo = await FakeControlPlane.StartAsync("silo-1");
        var route = Split("default", ("v1", 100));
        route.TimeoutMs = 200;
        silo.Hold(OneRoute(route, stalling.Url));
        await using var agent = await StartAgentAsync(silo, "svc-b");
        await silo.NextAsync(ProxyMessage.KindOneofCase.Ack);

        using var response = await agent.Client.SendAsync(agent.Outbound("svc-b"));

        Assert.Equal(HttpStatusCode.GatewayTimeout, response.StatusCode);
        Assert.Equal("route timeout of 200ms passed waiting for upstream endpoint 'b-1'", response.Headers.GetValues("x-mesh-reason").Single());
        Assert.Equal("v1", response.Headers.GetValues("x-mesh-subset").Single());
        await upstreamCancelled.Task.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(
            """{"name":"default","destinations":[{"subset":"v1","weight":100}],"timeout":"200ms"}""",
            JsonSerializer.Serialize(await RouteDumpAsync(agent)));
    }

    [Fact]
    public async Task Agent_Mirror_CopiesMarkedRequestsToTheMirrorSubsetWithoutWaitingForIt()
    {
        var mirrored = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        var releaseMirror = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var v1 = await TestApp.StartAsync("b1");
        await using var v2 = await TestApp.StartAsync(async context =>
        {
            mirrored.TrySetResult($"{context.Request.Host} {context.Request.Path} x-mesh-mirror={context.Request.Headers["x-mesh-mirror"]}");
            await releaseMirror.Task;
        });
        await using var silo = await FakeControlPlane.StartAsync("silo-1");
        var route = Split("default", ("v1", 100));
        route.Mirror = new Mirror { Subset = "v2", Percent = 100 };
        silo.Hold(Service("svc-b", 1, route).WithSubsets("v1", "v2").WithEndpoint("b-1", v1.Url, "v1").WithEndpoint("b-2", v2.Url, "v2"));
        await using var agent = await StartAgentAsync(silo, "svc-b");
        await silo.NextAsync(ProxyMessage.KindOneofCase.Ack);

        // The mirror's app holds its response until the end of the test: the caller's response must not wait for it.
        using var response = await agent.Client.SendAsync(agent.Outbound("svc-b", "/orders"));

        Assert.Equal("b1 /orders", await response.Content.ReadAsStringAsync());
        Assert.Equal("svc-b /orders x-mesh-mirror=true", await mirrored.Task.WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.Equal(1, v1.Requests);
        Assert.Equal(
            """{"name":"default","destinations":[{"subset":"v1","weight":100}],"mirror":{"subset":"v2","percent":100}}""",
            JsonSerializer.Serialize(await RouteDumpAsync(agent)));
        releaseMirror.SetResult();
    }
}
