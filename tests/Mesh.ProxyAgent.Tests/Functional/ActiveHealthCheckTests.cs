using System.Runtime.CompilerServices;
using System.Text.Json;
using Mesh.Protos.Discovery.V1;
using Mesh.ProxyAgent.ControlPlane;
using Mesh.ProxyAgent.Tests.Infrastructure;
using Microsoft.AspNetCore.Http;
using static Mesh.ProxyAgent.Tests.Infrastructure.TestConfigs;

namespace Mesh.ProxyAgent.Tests.Functional;

/// <summary>
/// The own service's health check run by a real agent against a real app that can be told to fail, reported to the
/// in-test silo. Probes run on the real clock every 100 ms; every wait is on a message the silo receives.
/// </summary>
[Collection(FunctionalCollection.Name)]
public sealed class ActiveHealthCheckTests
{
    private static readonly ControlPlaneTimings Fast = new()
    {
        WelcomeTimeout = TimeSpan.FromSeconds(1),
        InitialBackoff = TimeSpan.FromMilliseconds(20),
        MaxBackoff = TimeSpan.FromMilliseconds(100),
    };

    private static ServiceConfig Own(long version, bool withCheck = true)
    {
        var config = Service("svc-a", version).WithEndpoint("a-1", "http://10.0.0.1:8080");
        config.Policy = withCheck
            ? new ServicePolicy { HealthCheck = new HealthCheck { Path = "/healthz", IntervalMs = 100, UnhealthyThreshold = 2, HealthyThreshold = 3 } }
            : new ServicePolicy();
        return config;
    }

    private static ProxyMessage Report(bool healthy, string detail) => new() { Health = new HealthReport { Healthy = healthy, Detail = detail } };

    private static Task<TestApp> StartAppAsync(StrongBox<bool> failing) => TestApp.StartAsync(context =>
    {
        context.Response.StatusCode = context.Request.Path == "/healthz" && Volatile.Read(ref failing.Value) ? 503 : 200;
        return Task.CompletedTask;
    });

    private static async Task<AgentHost> StartAgentAsync(FakeControlPlane silo, TestApp app)
    {
        var agent = await AgentHost.StartAsync(
            Fast, $"Mesh:ControlPlane={silo.Url}", "Mesh:Service=svc-a", $"Mesh:AppUrl={app.Url}", "Mesh:DrainSeconds=0");
        Assert.Equal("svc-a", (await silo.NextAsync(ProxyMessage.KindOneofCase.Ack)).Ack.Service);
        return agent;
    }

    private static async Task<string> HealthDumpAsync(AgentHost agent)
    {
        using var dump = JsonDocument.Parse(await agent.Client.GetStringAsync(agent.AdminUrl + "/config_dump"));
        return JsonSerializer.Serialize(dump.RootElement.GetProperty("health"));
    }

    [Fact]
    public async Task Agent_AppFailsThenRecovers_ReportsUnhealthyThenHealthyToTheSilo()
    {
        var failing = new StrongBox<bool>(false);
        await using var app = await StartAppAsync(failing);
        await using var silo = await FakeControlPlane.StartAsync("silo-1");
        silo.Hold(Own(1));
        await using var agent = await StartAgentAsync(silo, app);

        Volatile.Write(ref failing.Value, true);
        Assert.Equal(Report(false, "2 probes of /healthz failed: 503"), await silo.NextAsync(ProxyMessage.KindOneofCase.Health));
        Assert.Equal("""{"healthy":false,"detail":"2 probes of /healthz failed: 503"}""", await HealthDumpAsync(agent));

        Volatile.Write(ref failing.Value, false);
        Assert.Equal(Report(true, "3 probes of /healthz succeeded"), await silo.NextAsync(ProxyMessage.KindOneofCase.Health));
        Assert.Equal("""{"healthy":true,"detail":"3 probes of /healthz succeeded"}""", await HealthDumpAsync(agent));
    }

    [Fact]
    public async Task Agent_UnhealthyWhenTheSessionBreaks_RepeatsItsHealthAfterTheNextHello()
    {
        var failing = new StrongBox<bool>(true);
        await using var app = await StartAppAsync(failing);
        await using var silo = await FakeControlPlane.StartAsync("silo-1");
        silo.Hold(Own(1));
        await using var agent = await StartAgentAsync(silo, app);
        Assert.Equal(Report(false, "2 probes of /healthz failed: 503"), await silo.NextAsync(ProxyMessage.KindOneofCase.Health));

        silo.AbortSession();

        Assert.Equal(ProxyMessage.KindOneofCase.Hello, (await silo.NextAsync(ProxyMessage.KindOneofCase.Hello)).KindCase);
        Assert.Equal(Report(false, "2 probes of /healthz failed: 503"), await silo.NextAsync(ProxyMessage.KindOneofCase.Health));
    }

    [Fact]
    public async Task Agent_HealthCheckRemovedWhileUnhealthy_StopsProbingAndReportsHealthy()
    {
        var failing = new StrongBox<bool>(true);
        await using var app = await StartAppAsync(failing);
        await using var silo = await FakeControlPlane.StartAsync("silo-1");
        silo.Hold(Own(1));
        await using var agent = await StartAgentAsync(silo, app);
        Assert.Equal(Report(false, "2 probes of /healthz failed: 503"), await silo.NextAsync(ProxyMessage.KindOneofCase.Health));

        silo.Push(Own(2, withCheck: false));

        Assert.Equal(Report(true, "the health check was removed"), await silo.NextAsync(ProxyMessage.KindOneofCase.Health));
        // The report is made after the last probe finished; absence can only be watched over a window (5 intervals).
        var probes = app.Requests;
        await Task.Delay(TimeSpan.FromMilliseconds(500));
        Assert.Equal(probes, app.Requests);
    }
}
