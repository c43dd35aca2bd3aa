using System.Net;
using System.Runtime.CompilerServices;
using System.Text.Json.Nodes;
using Mesh.Protos.Discovery.V1;
using Mesh.ProxyAgent.ControlPlane;
using Mesh.ProxyAgent.Tests.Functional;
using Mesh.ProxyAgent.Tests.Infrastructure;
using static Mesh.ProxyAgent.Tests.Infrastructure.TestConfigs;

namespace Mesh.ProxyAgent.Tests.Caching;

/// <summary>A real agent in process with <c>Mesh:CacheDir</c>, started while no silo answers, and the silo's return.</summary>
[Collection(FunctionalCollection.Name)]
public sealed class CachedStartTests : IDisposable
{
    private static readonly ControlPlaneTimings Fast = new()
    {
        WelcomeTimeout = TimeSpan.FromSeconds(1),
        OnDemandWait = TimeSpan.FromSeconds(1),
        MaxBackoff = TimeSpan.FromMilliseconds(200),
    };

    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("mesh-cache-test-");

    public void Dispose() => _dir.Delete(recursive: true);

    private static ServiceConfig SvcB(long version, string address) =>
        Service("svc-b", version, Split("default", ("v1", 100))).WithSubsets("v1").WithEndpoint("b-1", address, "v1");

    private string[] Settings(string controlPlane, string upstreams = "svc-b") =>
        [$"Mesh:ControlPlane={controlPlane}", "Mesh:Service=svc-a", "Mesh:ProxyId=svc-a-cached", $"Mesh:Upstreams={upstreams}",
            "Mesh:DrainSeconds=0", $"Mesh:CacheDir={_dir.FullName}"];

    [Fact]
    public async Task Agent_RestartedWhileNoSiloAnswers_ServesItsCachedConfigReadyFromCache_ThenTellsTheReturningSiloWhatItHolds()
    {
        await using var appB = await TestApp.StartAsync("b1");
        await using var silo = await FakeControlPlane.StartAsync("silo-1");
        await using var gate = new TcpGate(silo.Port);
        silo.Hold(SvcB(3, appB.Url));
        gate.Open();
        await using (var first = await AgentHost.StartAsync(Fast, Settings(gate.Url)))
        {
            Assert.Empty((await silo.NextAsync(ProxyMessage.KindOneofCase.Hello)).Hello.HeldVersions);
            Assert.Equal(3, (await silo.NextAsync(ProxyMessage.KindOneofCase.Ack)).Ack.Version);
            await first.StopAsync();
        }

        await gate.CloseAsync();
        await using var agent = await AgentHost.StartAsync(Fast, Settings(gate.Url));

        var ready = await WaitForReadyAsync(agent);
        Assert.Equal("ready from cache: no control-plane session; serving the cached configs of svc-b (version 3)", ready);
        var dump = await DumpAsync(agent);
        Assert.False(dump["connected"]!.GetValue<bool>());
        Assert.Equal("""[{"service":"svc-b","version":3,"source":"cache"}]""", dump["sources"]!.ToJsonString());
        Assert.Equal(appB.Url, dump["services"]![0]!["endpoints"]![0]!["address"]!.GetValue<string>());
        using (var response = await agent.Client.SendAsync(agent.Outbound("svc-b", "/while-away")))
        {
            Assert.Equal("b1 /while-away", await response.Content.ReadAsStringAsync());
        }

        // The silo returns with nothing newer: it sends nothing, and the cached config stays in force.
        gate.Open();
        var hello = (await silo.NextAsync(ProxyMessage.KindOneofCase.Hello)).Hello;
        Assert.Equal(new Dictionary<string, long> { ["svc-b"] = 3 }, hello.HeldVersions);
        await WaitForReadyAsync(agent, "ready");
        dump = await DumpAsync(agent);
        Assert.True(dump["connected"]!.GetValue<bool>());
        Assert.Equal("""[{"service":"svc-b","version":3,"source":"cache"}]""", dump["sources"]!.ToJsonString());

        // A newer version replaces it, in force and in the cache.
        silo.Push(SvcB(4, appB.Url));
        Assert.Equal(4, (await silo.NextAsync(ProxyMessage.KindOneofCase.Ack)).Ack.Version);
        Assert.Equal("""[{"service":"svc-b","version":4,"source":"control-plane"}]""", (await DumpAsync(agent))["sources"]!.ToJsonString());
        await agent.StopAsync();
        Assert.Equal(4, new CacheParts(_dir.FullName).Cache.Read("svc-b")!.Version);
    }

    [Fact]
    public async Task Agent_CorruptCacheFile_IsIgnored_TheAgentServesTheRestAndWaitsForTheControlPlane()
    {
        await using var appB = await TestApp.StartAsync("b1");
        await using var appC = await TestApp.StartAsync("c1");
        await using var silo = await FakeControlPlane.StartAsync("silo-1");
        await using var gate = new TcpGate(silo.Port);
        var cache = new CacheParts(_dir.FullName).Cache;
        cache.Write(Service("svc-c", 2).WithEndpoint("c-1", appC.Url));
        File.WriteAllBytes(cache.PathOf("svc-b"), [.. "MSHC"u8, 1, 0, 0, 0, 9, 9]);
        await using var agent = await AgentHost.StartAsync(Fast, Settings(gate.Url, upstreams: "svc-b,svc-c"));

        await WaitAsync(async () => (await DumpAsync(agent))["services"]!.AsArray().Count == 1, "svc-c restored from the cache");
        using (var notReady = await agent.Client.GetAsync(agent.AdminUrl + "/ready"))
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, notReady.StatusCode);
            Assert.Equal("waiting for config of svc-b", await notReady.Content.ReadAsStringAsync());
        }

        using (var viaCache = await agent.Client.SendAsync(agent.Outbound("svc-c", "/x")))
        {
            Assert.Equal("c1 /x", await viaCache.Content.ReadAsStringAsync());
        }

        silo.Hold(SvcB(5, appB.Url));
        gate.Open();
        Assert.Equal(5, (await silo.NextAsync(ProxyMessage.KindOneofCase.Ack)).Ack.Version);
        await WaitForReadyAsync(agent, "ready");
    }

    [Fact]
    public async Task Agent_CachedServiceNoLongerDeclared_IsNotLoadedAtStart_ButServesIfTheAppCallsIt()
    {
        await using var appB = await TestApp.StartAsync("b1");
        await using var appC = await TestApp.StartAsync("c1");
        await using var silo = await FakeControlPlane.StartAsync("silo-1");
        await using var gate = new TcpGate(silo.Port);
        var cache = new CacheParts(_dir.FullName).Cache;
        cache.Write(SvcB(3, appB.Url));
        cache.Write(Service("svc-c", 2).WithEndpoint("c-1", appC.Url));
        await using var agent = await AgentHost.StartAsync(Fast, Settings(gate.Url, upstreams: "svc-b"));

        await WaitForReadyAsync(agent);
        Assert.Equal("""[{"service":"svc-b","version":3,"source":"cache"}]""", (await DumpAsync(agent))["sources"]!.ToJsonString());

        using (var called = await agent.Client.SendAsync(agent.Outbound("svc-c", "/x")))
        {
            Assert.Equal("c1 /x", await called.Content.ReadAsStringAsync());
        }

        Assert.Equal(
            """[{"service":"svc-b","version":3,"source":"cache"},{"service":"svc-c","version":2,"source":"cache"}]""",
            (await DumpAsync(agent))["sources"]!.ToJsonString());
        gate.Open();
        var hello = (await silo.NextAsync(ProxyMessage.KindOneofCase.Hello)).Hello;
        Assert.Equal(["svc-b", "svc-c"], hello.Watches);
        Assert.Equal(new Dictionary<string, long> { ["svc-b"] = 3, ["svc-c"] = 2 }, hello.HeldVersions);
    }

    [Fact]
    public async Task Agent_StartedFromCacheWhileItsAppFails_ProbesByTheCachedHealthCheck_AndReportsTheResultToTheReturningSilo()
    {
        var failing = new StrongBox<bool>(true);
        await using var app = await TestApp.StartAsync(context =>
        {
            context.Response.StatusCode = context.Request.Path == "/healthz" && Volatile.Read(ref failing.Value) ? 503 : 200;
            return Task.CompletedTask;
        });
        await using var silo = await FakeControlPlane.StartAsync("silo-1");
        await using var gate = new TcpGate(silo.Port);
        var own = Service("svc-a", 6).WithEndpoint("a-1", "http://10.0.0.1:8080");
        own.Policy = new ServicePolicy { HealthCheck = new HealthCheck { Path = "/healthz", IntervalMs = 100, UnhealthyThreshold = 2, HealthyThreshold = 1 } };
        new CacheParts(_dir.FullName).Cache.Write(own);
        await using var agent = await AgentHost.StartAsync(Fast, [.. Settings(gate.Url, upstreams: ""), $"Mesh:AppUrl={app.Url}"]);

        await WaitAsync(
            async () => (await DumpAsync(agent))["health"]!.ToJsonString() == """{"healthy":false,"detail":"2 probes of /healthz failed: 503"}""",
            "the cached health check finds the app unhealthy");
        gate.Open();

        Assert.Equal(new Dictionary<string, long> { ["svc-a"] = 6 }, (await silo.NextAsync(ProxyMessage.KindOneofCase.Hello)).Hello.HeldVersions);
        Assert.Equal(
            new HealthReport { Healthy = false, Detail = "2 probes of /healthz failed: 503" },
            (await silo.NextAsync(ProxyMessage.KindOneofCase.Health)).Health);
        Volatile.Write(ref failing.Value, false);
        Assert.True((await silo.NextAsync(ProxyMessage.KindOneofCase.Health)).Health.Healthy);
    }

    [Fact]
    public async Task Agent_ServingFromCache_EjectsAFailingEndpointByTheCachedOutlierDetection()
    {
        await using var good = await TestApp.StartAsync("good");
        await using var bad = await TestApp.StartAsync(context =>
        {
            context.Response.StatusCode = 503;
            return Task.CompletedTask;
        });
        await using var silo = await FakeControlPlane.StartAsync("silo-1");
        await using var gate = new TcpGate(silo.Port);
        var config = Service("svc-b", 9).WithEndpoint("b-good", good.Url).WithEndpoint("b-bad", bad.Url);
        config.Policy = new ServicePolicy
        {
            OutlierDetection = new OutlierDetection { Consecutive5Xx = 2, IntervalMs = 1000, BaseEjectionMs = 60_000, MaxEjectionPercent = 50 },
        };
        new CacheParts(_dir.FullName).Cache.Write(config);
        await using var agent = await AgentHost.StartAsync(Fast, Settings(gate.Url));
        await WaitForReadyAsync(agent);

        var answers = new List<int>();
        for (var i = 0; i < 40; i++)
        {
            using var response = await agent.Client.SendAsync(agent.Outbound("svc-b"));
            answers.Add((int)response.StatusCode);
        }

        // Round robin over two endpoints: the bad one fails twice, is ejected, and every later request goes to the good one.
        Assert.Equal(2, answers.Count(a => a == 503));
        Assert.All(answers.Skip(4), a => Assert.Equal(200, a));
    }

    private static async Task<JsonNode> DumpAsync(AgentHost agent) =>
        JsonNode.Parse(await agent.Client.GetStringAsync(agent.AdminUrl + "/config_dump"))!;

    /// <summary>The body of the first 200 from <c>/ready</c> (saying <paramref name="expected"/> when given).</summary>
    private static async Task<string> WaitForReadyAsync(AgentHost agent, string? expected = null)
    {
        var body = "";
        await WaitAsync(
            async () =>
            {
                using var response = await agent.Client.GetAsync(agent.AdminUrl + "/ready");
                body = await response.Content.ReadAsStringAsync();
                return response.StatusCode == HttpStatusCode.OK && (expected is null || body == expected);
            },
            $"/ready answers 200 {expected}");
        return body;
    }

    /// <summary>Polls what only the agent's own loop changes (readiness, the dump): there is nothing to await from outside.</summary>
    private static async Task WaitAsync(Func<Task<bool>> condition, string waitingFor)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (!await condition())
        {
            try
            {
                await Task.Delay(20, timeout.Token);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"not true within 10 s: {waitingFor}");
            }
        }
    }
}
