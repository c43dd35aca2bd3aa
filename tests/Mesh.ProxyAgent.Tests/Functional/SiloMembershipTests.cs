using System.Net;
using System.Text.Json.Nodes;
using Mesh.Protos.Discovery.V1;
using Mesh.ProxyAgent.ControlPlane;
using Mesh.ProxyAgent.Tests.Infrastructure;
using static Mesh.ProxyAgent.Tests.Infrastructure.TestConfigs;

namespace Mesh.ProxyAgent.Tests.Functional;

/// <summary>A real agent against in-test silos that report the live silos (SiloList) and move it elsewhere (Move).</summary>
[Collection(FunctionalCollection.Name)]
public sealed class SiloMembershipTests
{
    /// <summary>The default Welcome timeout (5 s): a slow cold first session must not time out and reconnect, as these tests count sessions.</summary>
    private static readonly ControlPlaneTimings Timings = new();

    /// <summary>A reconnect through the backoff takes at least 2.5 s: longer than a Move may take.</summary>
    private static readonly ControlPlaneTimings SlowBackoff = Timings with
    {
        InitialBackoff = TimeSpan.FromSeconds(5),
        MaxBackoff = TimeSpan.FromSeconds(10),
    };

    private static readonly TimeSpan MovePromptly = TimeSpan.FromSeconds(2);

    private static ServiceConfig SvcB(long version, string address) =>
        Service("svc-b", version, Split("default", ("v1", 100))).WithSubsets("v1").WithEndpoint("b-1", address, "v1");

    [Fact]
    public async Task Agent_SiloListMidSession_ReplacesTheReportedSilosInConfigDumpWithoutReconnecting()
    {
        var peerA = $"http://127.0.0.1:{FreePort.Next()}";
        var peerB = $"http://127.0.0.1:{FreePort.Next()}";
        var peerC = $"http://127.0.0.1:{FreePort.Next()}";
        await using var silo = await FakeControlPlane.StartAsync("silo-1");
        silo.Peers.Add(peerA);
        await using var agent = await AgentHost.StartAsync(Timings, $"Mesh:ControlPlane={silo.Url}", "Mesh:Service=svc-a", "Mesh:DrainSeconds=0");
        await silo.NextAsync(ProxyMessage.KindOneofCase.Hello);
        await WaitForControlPlaneAsync(agent, silo.Url, peerA);
        Assert.Empty(Drain(silo));

        silo.SendSilos(silo.Url, peerB, peerA);
        await WaitForControlPlaneAsync(agent, silo.Url, peerB, peerA);
        silo.SendSilos(peerC, "not a url");
        await WaitForControlPlaneAsync(agent, silo.Url, peerC);

        var dump = await DumpAsync(agent);
        Assert.True(dump["connected"]!.GetValue<bool>());
        Assert.Equal("silo-1", dump["silo"]!.GetValue<string>());
        Assert.Empty(Drain(silo));
    }

    [Fact]
    public async Task Agent_Move_EndsTheSessionWithoutGoodbyeAndOpensOneAtTheTargetAtOnceWithTheVersionsItHolds()
    {
        await using var appB = await TestApp.StartAsync("b1");
        await using var second = await FakeControlPlane.StartAsync("silo-2");
        await using var first = await FakeControlPlane.StartAsync("silo-1");
        first.Hold(SvcB(4, appB.Url));
        await using var agent = await AgentHost.StartAsync(
            SlowBackoff, $"Mesh:ControlPlane={first.Url}", "Mesh:Service=svc-a", "Mesh:ProxyId=svc-a-moved", "Mesh:Upstreams=svc-b", "Mesh:DrainSeconds=0");
        Assert.Equal(4, (await first.NextAsync(ProxyMessage.KindOneofCase.Ack)).Ack.Version);

        first.Move(second.Url, "rebalancing: a test");

        // Not through the backoff (at least 2.5 s here), nor back to the configured silo by rotation.
        var hello = (await second.NextAsync(ProxyMessage.KindOneofCase.Hello, MovePromptly)).Hello;
        Assert.Equal("svc-a-moved", hello.ProxyId);
        Assert.Equal(new Dictionary<string, long> { ["svc-b"] = 4 }, hello.HeldVersions);
        Assert.Equal("svc-a-moved", await first.NextEndAsync(MovePromptly));
        Assert.Empty(Drain(first));

        // The second silo holds nothing for svc-b: the config the agent had stays in force.
        await WaitForDumpAsync(agent, d => d["connected"]!.GetValue<bool>() && d["silo"]?.GetValue<string>() == "silo-2", "connected to silo-2");
        using (var response = await agent.Client.SendAsync(agent.Outbound("svc-b", "/after-move")))
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("b1 /after-move", await response.Content.ReadAsStringAsync());
        }

        var dump = await DumpAsync(agent);
        Assert.Equal(4, dump["services"]![0]!["version"]!.GetValue<long>());
        Assert.Equal($"""["{first.Url}/","{second.Url}/"]""", dump["controlPlane"]!.ToJsonString());
        second.Push(SvcB(5, appB.Url));
        Assert.Equal(5, (await second.NextAsync(ProxyMessage.KindOneofCase.Ack)).Ack.Version);
    }

    [Fact]
    public async Task Agent_MoveToASiloThatFails_ResumesTheRotation()
    {
        var dead = $"http://127.0.0.1:{FreePort.Next()}";
        await using var silo = await FakeControlPlane.StartAsync("silo-1");
        await using var agent = await AgentHost.StartAsync(Timings, $"Mesh:ControlPlane={silo.Url}", "Mesh:Service=svc-a", "Mesh:DrainSeconds=0");
        await silo.NextAsync(ProxyMessage.KindOneofCase.Hello);

        silo.Move(dead, "rebalancing: a test");

        await silo.NextEndAsync(MovePromptly);
        await silo.NextAsync(ProxyMessage.KindOneofCase.Hello, TimeSpan.FromSeconds(10));
        // The silo's Welcome lists only itself: the dead silo the Move named is forgotten again.
        await WaitForControlPlaneAsync(agent, silo.Url);
        Assert.Equal("silo-1", (await DumpAsync(agent))["silo"]?.GetValue<string>());
    }

    private static async Task<JsonNode> DumpAsync(AgentHost agent) =>
        JsonNode.Parse(await agent.Client.GetStringAsync(agent.AdminUrl + "/config_dump"))!;

    /// <summary>What the silo received and was not read yet.</summary>
    private static List<ProxyMessage.KindOneofCase> Drain(FakeControlPlane silo)
    {
        var kinds = new List<ProxyMessage.KindOneofCase>();
        while (silo.Received.Reader.TryRead(out var message))
        {
            kinds.Add(message.KindCase);
        }

        return kinds;
    }

    private static Task WaitForControlPlaneAsync(AgentHost agent, params string[] urls)
    {
        var expected = new JsonArray(urls.Select(u => (JsonNode?)JsonValue.Create(u + "/")).ToArray()).ToJsonString();
        return WaitForDumpAsync(agent, d => d["controlPlane"]!.ToJsonString() == expected, $"/config_dump's controlPlane is {expected}");
    }

    /// <summary>Polls the dump, which only the agent's own loop changes: there is nothing to await from outside.</summary>
    private static async Task WaitForDumpAsync(AgentHost agent, Func<JsonNode, bool> condition, string waitingFor)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (true)
        {
            var dump = await DumpAsync(agent);
            if (condition(dump))
            {
                return;
            }

            try
            {
                await Task.Delay(20, timeout.Token);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"not true within 10 s: {waitingFor}; last dump: {dump.ToJsonString()}");
            }
        }
    }
}
