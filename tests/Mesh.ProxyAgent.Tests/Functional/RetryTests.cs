using System.Net;
using System.Text.Json;
using Mesh.Protos.Discovery.V1;
using Mesh.ProxyAgent.ControlPlane;
using Mesh.ProxyAgent.Resilience;
using RetryPolicy = Mesh.Protos.Discovery.V1.RetryPolicy;
using Mesh.ProxyAgent.Tests.Infrastructure;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using static Mesh.ProxyAgent.Tests.Infrastructure.TestConfigs;

namespace Mesh.ProxyAgent.Tests.Functional;

/// <summary>Route retries enforced by a real agent: conditions, another endpoint, per-try timeout, budget, body safety.</summary>
[Collection(FunctionalCollection.Name)]
public sealed class RetryTests
{
    private static readonly ControlPlaneTimings Fast = new()
    {
        WelcomeTimeout = TimeSpan.FromSeconds(1),
        OnDemandWait = TimeSpan.FromSeconds(1),
    };

    private static Task<TestApp> FailingAsync() => TestApp.StartAsync(context =>
    {
        context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        return Task.CompletedTask;
    });

    /// <summary>Answers "good {method} {body}".</summary>
    private static Task<TestApp> EchoAsync() => TestApp.StartAsync(async context =>
    {
        using var reader = new StreamReader(context.Request.Body);
        await context.Response.WriteAsync($"good {context.Request.Method} {await reader.ReadToEndAsync()}");
    });

    private static Route Retrying(int attempts, long perTryTimeoutMs, params string[] retryOn)
    {
        var route = Split("default", ("v1", 100));
        route.Retries = new RetryPolicy { Attempts = attempts, PerTryTimeoutMs = perTryTimeoutMs };
        route.Retries.RetryOn.AddRange(retryOn);
        return route;
    }

    private static async Task<AgentHost> StartAsync(FakeControlPlane silo, Route route, Action<IServiceCollection>? services, params TestApp[] apps)
    {
        var config = Service("svc-b", 1, route).WithSubsets("v1");
        for (var i = 0; i < apps.Length; i++)
        {
            config.WithEndpoint($"b-{i + 1}", apps[i].Url, "v1");
        }

        silo.Hold(config);
        var agent = await AgentHost.StartAsync(Fast, services, $"Mesh:ControlPlane={silo.Url}", "Mesh:Service=svc-a", "Mesh:Upstreams=svc-b", "Mesh:DrainSeconds=0");
        await silo.NextAsync(ProxyMessage.KindOneofCase.Ack);
        return agent;
    }

    private static HttpRequestMessage WithBody(AgentHost agent, HttpMethod method, string body)
    {
        var request = agent.Outbound("svc-b", "/orders");
        request.Method = method;
        request.Content = new StringContent(body);
        return request;
    }

    [Fact]
    public async Task Agent_5xxWithRetries_IsRetriedOnTheOtherEndpoint()
    {
        await using var failing = await FailingAsync();
        await using var good = await EchoAsync();
        await using var silo = await FakeControlPlane.StartAsync("silo-1");
        await using var agent = await StartAsync(silo, Retrying(1, 0, "5xx"), null, failing, good);

        for (var i = 0; i < 4; i++)
        {
            using var response = await agent.Client.SendAsync(agent.Outbound("svc-b", "/orders"));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("good GET ", await response.Content.ReadAsStringAsync());
            Assert.Equal("v1", response.Headers.GetValues("x-mesh-subset").Single());
        }

        // Round robin starts at the first endpoint and each retry takes a turn, so every request tries the failing
        // endpoint (first in config order) first and is retried once on the good one.
        Assert.Equal(4, failing.Requests);
        Assert.Equal(4, good.Requests);
        using var dump = JsonDocument.Parse(await agent.Client.GetStringAsync(agent.AdminUrl + "/config_dump"));
        Assert.Equal(
            """{"attempts":1,"retryOn":["5xx"]}""",
            JsonSerializer.Serialize(dump.RootElement.GetProperty("services")[0].GetProperty("routes")[0].GetProperty("retries")));
    }

    [Fact]
    public async Task Agent_RetryBudgetExhausted_PassesTheFailureThrough()
    {
        await using var first = await FailingAsync();
        await using var second = await FailingAsync();
        await using var silo = await FakeControlPlane.StartAsync("silo-1");
        // Half a retry per request over an hour, no minimum: request n may retry while retries < floor(n / 2).
        var budget = new RetryBudgetOptions { RetryRatio = 0.5, MinRetriesPerSecond = 0, Window = TimeSpan.FromHours(1), Buckets = 1 };
        await using var agent = await StartAsync(silo, Retrying(1, 0, "5xx"), s => s.AddSingleton(budget), first, second);

        var attempts = new List<int>();
        for (var i = 0; i < 4; i++)
        {
            var before = first.Requests + second.Requests;
            using var response = await agent.Client.SendAsync(agent.Outbound("svc-b"));
            Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
            attempts.Add(first.Requests + second.Requests - before);
        }

        Assert.Equal([1, 2, 1, 2], attempts);
    }

    [Fact]
    public async Task Agent_PostWithABody_IsNotRetriedOnceTheBodyWasSent()
    {
        await using var first = await FailingAsync();
        await using var second = await FailingAsync();
        await using var silo = await FakeControlPlane.StartAsync("silo-1");
        await using var agent = await StartAsync(silo, Retrying(2, 0, "5xx"), null, first, second);

        using var response = await agent.Client.SendAsync(WithBody(agent, HttpMethod.Post, "order-1"));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal(1, first.Requests + second.Requests);
    }

    [Fact]
    public async Task Agent_PutWithASmallBody_IsRetriedWithTheBodyReplayed()
    {
        await using var failing = await FailingAsync();
        await using var good = await EchoAsync();
        await using var silo = await FakeControlPlane.StartAsync("silo-1");
        await using var agent = await StartAsync(silo, Retrying(1, 0, "5xx"), null, failing, good);

        for (var i = 0; i < 2; i++)
        {
            using var response = await agent.Client.SendAsync(WithBody(agent, HttpMethod.Put, "order-1"));
            Assert.Equal("good PUT order-1", await response.Content.ReadAsStringAsync());
        }

        // Each request tries the failing endpoint first (round robin, a retry takes a turn).
        Assert.Equal(2, failing.Requests);
    }

    [Fact]
    public async Task Agent_PerTryTimeout_CancelsTheStalledAttemptAndRetriesElsewhere()
    {
        var stalledCancelled = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var stalling = await TestApp.StartAsync(async context =>
        {
            try
            {
                await Task.Delay(Timeout.Infinite, context.RequestAborted);
            }
            catch (OperationCanceledException)
            {
                stalledCancelled.TrySetResult();
            }
        });
        await using var good = await EchoAsync();
        await using var silo = await FakeControlPlane.StartAsync("silo-1");
        await using var agent = await StartAsync(silo, Retrying(1, 200, "reset"), null, stalling, good);

        for (var i = 0; i < 2; i++)
        {
            using var response = await agent.Client.SendAsync(agent.Outbound("svc-b"));
            Assert.Equal("good GET ", await response.Content.ReadAsStringAsync());
        }

        // Each request tries the stalling endpoint first (round robin, a retry takes a turn).
        Assert.Equal(2, stalling.Requests);
        await stalledCancelled.Task.WaitAsync(TimeSpan.FromSeconds(10));
        using var dump = JsonDocument.Parse(await agent.Client.GetStringAsync(agent.AdminUrl + "/config_dump"));
        Assert.Equal(
            """{"attempts":1,"perTryTimeout":"200ms","retryOn":["reset"]}""",
            JsonSerializer.Serialize(dump.RootElement.GetProperty("services")[0].GetProperty("routes")[0].GetProperty("retries")));
    }

    [Fact]
    public async Task Agent_ConnectFailure_IsRetriedEvenForAPostWithABody()
    {
        await using var good = await EchoAsync();
        await using var silo = await FakeControlPlane.StartAsync("silo-1");
        silo.Hold(Service("svc-b", 1, Retrying(1, 0, "connect-failure")).WithSubsets("v1")
            .WithEndpoint("b-1", $"http://127.0.0.1:{FreePort.Next()}", "v1").WithEndpoint("b-2", good.Url, "v1"));
        await using var agent = await AgentHost.StartAsync(Fast, $"Mesh:ControlPlane={silo.Url}", "Mesh:Service=svc-a", "Mesh:Upstreams=svc-b", "Mesh:DrainSeconds=0");
        await silo.NextAsync(ProxyMessage.KindOneofCase.Ack);

        for (var i = 0; i < 2; i++)
        {
            using var response = await agent.Client.SendAsync(WithBody(agent, HttpMethod.Post, "order-1"));
            Assert.Equal("good POST order-1", await response.Content.ReadAsStringAsync());
        }
    }
}
