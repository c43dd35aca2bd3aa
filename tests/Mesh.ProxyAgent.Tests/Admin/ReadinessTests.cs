using Mesh.ProxyAgent.Admin;
using Mesh.ProxyAgent.ControlPlane;
using Mesh.ProxyAgent.Routing;
using static Mesh.ProxyAgent.Tests.Infrastructure.TestConfigs;

namespace Mesh.ProxyAgent.Tests.Admin;

public sealed class ReadinessTests
{
    private static readonly SessionState Connected = new() { Silo = "s1", Connected = true, EverEstablished = true };

    private static Dictionary<string, AgentServiceSnapshot> Held(params string[] services) =>
        services.ToDictionary(s => s, s => AgentConfigCompiler.Compile(Service(s, 1), DefaultGuard).Snapshot!);

    [Fact]
    public void Evaluate_EveryUpstreamHeld_IsReady() =>
        Assert.Equal(new ReadinessReport(true, "ready"), Readiness.Evaluate(["svc-b", "svc-c"], Held("svc-b", "svc-c"), Connected));

    [Fact]
    public void Evaluate_UpstreamsMissing_NamesThem() =>
        Assert.Equal(
            new ReadinessReport(false, "waiting for config of svc-b, svc-d"),
            Readiness.Evaluate(["svc-b", "svc-c", "svc-d"], Held("svc-c"), Connected));

    [Fact]
    public void Evaluate_NeverConnectedAndNothingHeld_WaitsForASession() =>
        Assert.Equal(
            new ReadinessReport(false, "waiting for a control-plane session; config of svc-b"),
            Readiness.Evaluate(["svc-b"], Held(), new SessionState()));

    [Fact]
    public void Evaluate_NoUpstreamsAfterOneSession_IsReadyEvenWhenDisconnected() =>
        Assert.True(Readiness.Evaluate([], Held(), new SessionState { EverEstablished = true }).Ready);

    [Fact]
    public void Evaluate_Draining_IsNotReady() =>
        Assert.Equal(
            new ReadinessReport(false, "draining: the proxy is stopping"),
            Readiness.Evaluate(["svc-b"], Held("svc-b"), Connected with { Draining = true }));
}
