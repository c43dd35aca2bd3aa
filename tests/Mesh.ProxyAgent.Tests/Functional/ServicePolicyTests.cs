using System.Text.Json;
using Mesh.Protos.Discovery.V1;
using Mesh.ProxyAgent.ControlPlane;
using Mesh.ProxyAgent.Tests.Infrastructure;
using Microsoft.AspNetCore.Http;
using static Mesh.ProxyAgent.Tests.Infrastructure.TestConfigs;

namespace Mesh.ProxyAgent.Tests.Functional;

/// <summary>The service policy (load balancer, circuit breaker, outlier detection) enforced by a real agent.</summary>
[Collection(FunctionalCollection.Name)]
public sealed class ServicePolicyTests
{
    private static readonly ControlPlaneTimings Fast = new()
    {
        WelcomeTimeout = TimeSpan.FromSeconds(1),
        OnDemandWait = TimeSpan.FromSeconds(1),
    };

    private static Task<AgentHost> StartAsync(FakeControlPlane silo, LoadBalancer policy, params TestApp[] apps) =>
        StartAsync(silo, new ServicePolicy { LoadBalancer = policy }, apps);

    private static async Task<AgentHost> StartAsync(FakeControlPlane silo, ServicePolicy policy, params TestApp[] apps)
    {
        var config = Service("svc-b", 1, Split("default", ("v1", 100))).WithSubsets("v1");
        for (var i = 0; i < apps.Length; i++)
        {
            config.WithEndpoint($"b-{i + 1}", apps[i].Url, "v1");
        }

        config.Policy = policy;
        silo.Hold(config);
        var agent = await AgentHost.StartAsync(Fast, $"Mesh:ControlPlane={silo.Url}", "Mesh:Service=svc-a", "Mesh:Upstreams=svc-b", "Mesh:DrainSeconds=0");
        await silo.NextAsync(ProxyMessage.KindOneofCase.Ack);
        return agent;
    }

    private static async Task<string> GetAsync(AgentHost agent, string? user = null)
    {
        using var request = agent.Outbound("svc-b");
        if (user is not null)
        {
            request.Headers.Add("x-user", user);
        }

        using var response = await agent.Client.SendAsync(request);
        return await response.Content.ReadAsStringAsync();
    }

    [Fact]
    public async Task Agent_ConsistentHashOnAHeader_KeepsEachKeyOnOneEndpoint()
    {
        await using var b1 = await TestApp.StartAsync("b1");
        await using var b2 = await TestApp.StartAsync("b2");
        await using var b3 = await TestApp.StartAsync("b3");
        await using var silo = await FakeControlPlane.StartAsync("silo-1");
        await using var agent = await StartAsync(silo, new LoadBalancer { Algorithm = "consistent-hash", HashHeader = "x-user" }, b1, b2, b3);

        foreach (var user in new[] { "alice", "bob", "carol", "dave" })
        {
            var first = await GetAsync(agent, user);
            for (var i = 0; i < 5; i++)
            {
                Assert.Equal(first, await GetAsync(agent, user));
            }
        }

        using var dump = JsonDocument.Parse(await agent.Client.GetStringAsync(agent.AdminUrl + "/config_dump"));
        Assert.Equal(
            """{"algorithm":"consistent-hash","hashOn":{"header":"x-user"}}""",
            JsonSerializer.Serialize(dump.RootElement.GetProperty("services")[0].GetProperty("loadBalancer")));
    }

    [Fact]
    public async Task Agent_LeastRequest_SendsNewRequestsAwayFromTheBusyEndpoint()
    {
        var held = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        RequestDelegate App(string name) => async context =>
        {
            if (context.Request.Path == "/hold")
            {
                held.TrySetResult(name);
                await release.Task;
            }

            await context.Response.WriteAsync(name);
        };
        await using var b1 = await TestApp.StartAsync(App("b1"));
        await using var b2 = await TestApp.StartAsync(App("b2"));
        await using var silo = await FakeControlPlane.StartAsync("silo-1");
        await using var agent = await StartAsync(silo, new LoadBalancer { Algorithm = "least-request" }, b1, b2);

        var holding = agent.Client.SendAsync(agent.Outbound("svc-b", "/hold"));
        var busy = await held.Task.WaitAsync(TimeSpan.FromSeconds(10));

        // With two endpoints, power of two choices compares both: every request goes to the one with nothing in flight.
        var idle = busy == "b1" ? "b2" : "b1";
        for (var i = 0; i < 6; i++)
        {
            Assert.Equal(idle, await GetAsync(agent));
        }

        release.SetResult();
        using var heldResponse = await holding;
        Assert.Equal(busy, await heldResponse.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Agent_Random_ReachesEveryEndpoint()
    {
        await using var b1 = await TestApp.StartAsync("b1");
        await using var b2 = await TestApp.StartAsync("b2");
        await using var silo = await FakeControlPlane.StartAsync("silo-1");
        await using var agent = await StartAsync(silo, new LoadBalancer { Algorithm = "random" }, b1, b2);

        // 64 independent fair draws all landing on one endpoint has probability 2 × 2^-64: never in practice.
        var seen = new HashSet<string>();
        for (var i = 0; i < 64; i++)
        {
            seen.Add(await GetAsync(agent));
        }

        Assert.Equal(["b1 /", "b2 /"], seen.Order());
    }

    [Fact]
    public async Task Agent_CircuitBreakerFull_Answers503AtOnceWithTheReason()
    {
        var held = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var b1 = await TestApp.StartAsync(async context =>
        {
            if (context.Request.Path == "/hold")
            {
                held.TrySetResult();
                await release.Task;
            }

            await context.Response.WriteAsync("b1");
        });
        await using var silo = await FakeControlPlane.StartAsync("silo-1");
        var config = Service("svc-b", 1).WithEndpoint("b-1", b1.Url);
        config.Policy = new ServicePolicy { CircuitBreaker = new CircuitBreaker { MaxConcurrentRequests = 1, MaxPendingRequests = 0 } };
        silo.Hold(config);
        await using var agent = await AgentHost.StartAsync(Fast, $"Mesh:ControlPlane={silo.Url}", "Mesh:Service=svc-a", "Mesh:Upstreams=svc-b", "Mesh:DrainSeconds=0");
        await silo.NextAsync(ProxyMessage.KindOneofCase.Ack);

        var holding = agent.Client.SendAsync(agent.Outbound("svc-b", "/hold"));
        await held.Task.WaitAsync(TimeSpan.FromSeconds(10));
        using (var rejected = await agent.Client.SendAsync(agent.Outbound("svc-b")))
        {
            Assert.Equal(System.Net.HttpStatusCode.ServiceUnavailable, rejected.StatusCode);
            Assert.Equal(
                "circuit breaker: 1 requests in flight (maxConcurrentRequests) and 0 waiting (maxPendingRequests)",
                rejected.Headers.GetValues("x-mesh-reason").Single());
        }

        release.SetResult();
        using (var heldResponse = await holding)
        {
            Assert.Equal("b1", await heldResponse.Content.ReadAsStringAsync());
        }

        Assert.Equal("b1", await GetAsync(agent));
        Assert.Equal(2, b1.Requests);
        using var dump = JsonDocument.Parse(await agent.Client.GetStringAsync(agent.AdminUrl + "/config_dump"));
        Assert.Equal(
            """{"maxConcurrentRequests":1,"maxPendingRequests":0}""",
            JsonSerializer.Serialize(dump.RootElement.GetProperty("services")[0].GetProperty("circuitBreaker")));
    }

    [Fact]
    public async Task Agent_OutlierDetection_EjectsTheEndpointOnItsSecondConsecutive5xx()
    {
        await using var failing = await TestApp.StartAsync(context =>
        {
            context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
            return Task.CompletedTask;
        });
        await using var good = await TestApp.StartAsync("good");
        await using var silo = await FakeControlPlane.StartAsync("silo-1");
        var policy = new ServicePolicy
        {
            OutlierDetection = new OutlierDetection { Consecutive5Xx = 2, BaseEjectionMs = 3_600_000, IntervalMs = 10_000, MaxEjectionPercent = 50 },
        };
        await using var agent = await StartAsync(silo, policy, failing, good);

        var statuses = new List<int>();
        for (var i = 0; i < 8; i++)
        {
            using var response = await agent.Client.SendAsync(agent.Outbound("svc-b"));
            statuses.Add((int)response.StatusCode);
        }

        // Round robin alternates from the failing endpoint (first in config order) until its second 5xx ejects it for an hour.
        Assert.Equal([503, 200, 503, 200, 200, 200, 200, 200], statuses);
        Assert.Equal(2, failing.Requests);
        using var dump = JsonDocument.Parse(await agent.Client.GetStringAsync(agent.AdminUrl + "/config_dump"));
        Assert.Equal(
            """{"consecutive5xx":2,"interval":"10s","baseEjectionTime":"1h","maxEjectionPercent":50}""",
            JsonSerializer.Serialize(dump.RootElement.GetProperty("services")[0].GetProperty("outlierDetection")));
    }
}
