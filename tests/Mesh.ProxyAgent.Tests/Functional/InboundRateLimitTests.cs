using System.Net;
using System.Text.Json;
using Mesh.Protos.Discovery.V1;
using Mesh.ProxyAgent.ControlPlane;
using Mesh.ProxyAgent.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using static Mesh.ProxyAgent.Tests.Infrastructure.TestConfigs;

namespace Mesh.ProxyAgent.Tests.Functional;

/// <summary>
/// The own service's rate limit enforced in a real agent's inbound path. The agent runs on a fake clock, so no token
/// is refilled unless the test advances it: the counts are exact.
/// </summary>
[Collection(FunctionalCollection.Name)]
public sealed class InboundRateLimitTests
{
    private static readonly ControlPlaneTimings Fast = new() { WelcomeTimeout = TimeSpan.FromSeconds(1) };

    private readonly FakeTimeProvider _time = new();

    private static ServiceConfig Own(long version, RateLimit limit, int healthy, int unhealthy = 0)
    {
        var config = Service("svc-a", version);
        for (var i = 0; i < healthy + unhealthy; i++)
        {
            config.WithEndpoint($"a-{i}", $"http://10.0.0.{i + 1}:8080", healthy: i < healthy);
        }

        config.Policy = new ServicePolicy { RateLimit = limit };
        return config;
    }

    private async Task<AgentHost> StartAsync(FakeControlPlane silo, TestApp app) =>
        await AgentHost.StartAsync(
            Fast,
            services => services.AddSingleton<TimeProvider>(_time),
            $"Mesh:ControlPlane={silo.Url}", "Mesh:Service=svc-a", $"Mesh:AppUrl={app.Url}", "Mesh:DrainSeconds=0");

    private static async Task<HttpStatusCode[]> BurstAsync(AgentHost agent, int requests)
    {
        var codes = new HttpStatusCode[requests];
        for (var i = 0; i < requests; i++)
        {
            using var response = await agent.Client.GetAsync(agent.InboundUrl + "/orders");
            codes[i] = response.StatusCode;
        }

        return codes;
    }

    [Fact]
    public async Task Agent_InstanceRateLimit_AnswersTheBurstBeyondItWith429AndRetryAfter()
    {
        await using var app = await TestApp.StartAsync("a1");
        await using var silo = await FakeControlPlane.StartAsync("silo-1");
        silo.Hold(Own(1, new RateLimit { RequestsPerSecond = 1, Burst = 3, Scope = "instance" }, healthy: 2));
        await using var agent = await StartAsync(silo, app);
        Assert.Equal("svc-a", (await silo.NextAsync(ProxyMessage.KindOneofCase.Ack)).Ack.Service);

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK], await BurstAsync(agent, 3));
        using (var refused = await agent.Client.GetAsync(agent.InboundUrl + "/orders"))
        {
            Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
            Assert.Equal("1", Assert.Single(refused.Headers.GetValues("Retry-After")));
            Assert.Equal(
                "rate limit of 'svc-a': 1 requests per second, burst 3 (scope instance)",
                Assert.Single(refused.Headers.GetValues("x-mesh-reason")));
        }

        Assert.Equal([HttpStatusCode.TooManyRequests], await BurstAsync(agent, 1));
        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.TooManyRequests], await BurstAsync(agent, 2));

        Assert.Equal(4, app.Requests);
        var metrics = await agent.Client.GetStringAsync(agent.AdminUrl + "/metrics");
        Assert.Contains("mesh_requests_total{code=\"200\",direction=\"inbound\",service=\"svc-a\",subset=\"\"} 4\n", metrics, StringComparison.Ordinal);
        Assert.Contains("mesh_requests_total{code=\"429\",direction=\"inbound\",service=\"svc-a\",subset=\"\"} 3\n", metrics, StringComparison.Ordinal);
        using var dump = JsonDocument.Parse(await agent.Client.GetStringAsync(agent.AdminUrl + "/config_dump"));
        Assert.Equal(
            """{"requestsPerSecond":1,"burst":3,"scope":"instance"}""",
            JsonSerializer.Serialize(dump.RootElement.GetProperty("services")[0].GetProperty("rateLimit")));
    }

    [Fact]
    public async Task Agent_ServiceRateLimit_SharesItOverHealthyEndpointsAndReDividesWhenTheyChange()
    {
        await using var app = await TestApp.StartAsync("a1");
        await using var silo = await FakeControlPlane.StartAsync("silo-1");
        var limit = new RateLimit { RequestsPerSecond = 10, Burst = 4, Scope = "service" };
        silo.Hold(Own(1, limit, healthy: 2));
        await using var agent = await StartAsync(silo, app);
        await silo.NextAsync(ProxyMessage.KindOneofCase.Ack);

        // Two healthy instances: this one admits ceil(4 / 2) = 2 at once.
        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests], await BurstAsync(agent, 3));

        // One healthy left: 10/s and 4 at once from now on; the tokens taken stay taken.
        silo.Push(Own(2, limit, healthy: 1, unhealthy: 1));
        Assert.Equal(2, (await silo.NextAsync(ProxyMessage.KindOneofCase.Ack)).Ack.Version);
        Assert.Equal([HttpStatusCode.TooManyRequests], await BurstAsync(agent, 1));
        _time.Advance(TimeSpan.FromMilliseconds(300));

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests], await BurstAsync(agent, 4));
        Assert.Equal(5, app.Requests);
    }
}
