using Mesh.Protos.Discovery.V1;
using Mesh.ProxyAgent.ControlPlane;
using Mesh.ProxyAgent.Health;
using Mesh.ProxyAgent.Hosting;
using Mesh.ProxyAgent.Tests.Infrastructure;
using Microsoft.Extensions.Time.Testing;

namespace Mesh.ProxyAgent.Tests.Health;

public sealed class InstanceHealthTests
{
    private static readonly ProxyAgentOptions Options = new()
    {
        ControlPlane = [new Uri("http://127.0.0.1:15010")],
        Service = "svc-a",
        ProxyId = "svc-a-1",
        AppUrl = new Uri("http://127.0.0.1:8081"),
    };

    private readonly WatchRegistry _watches = TestWatches.Create(Options, new FakeTimeProvider());

    private static ProxyMessage Hello(IReadOnlyList<string> watched) => new() { Hello = new Hello { Watches = { watched } } };

    private static ProxyMessage Report(bool healthy, string detail) => new() { Health = new HealthReport { Healthy = healthy, Detail = detail } };

    private static async Task<IReadOnlyList<ProxyMessage>> DrainAsync(AgentSession session)
    {
        var stream = new RecordingStreamWriter();
        var pump = session.StartPump(stream, CancellationToken.None);
        session.Close();
        await pump.WaitAsync(TimeSpan.FromSeconds(5));
        return stream.Written;
    }

    [Fact]
    public async Task Report_DuringASession_SendsHealthReportOnIt()
    {
        var health = new InstanceHealth(_watches);
        var session = new AgentSession();
        _watches.Attach(session, Hello);

        health.Report(new AppHealth(false, "3 probes of /healthz failed: 503"));

        Assert.Equal([Hello(["svc-a"]), Report(false, "3 probes of /healthz failed: 503")], await DrainAsync(session));
        Assert.Equal(new AppHealth(false, "3 probes of /healthz failed: 503"), health.Current);
    }

    [Fact]
    public async Task Resend_NothingEverReported_SendsNothing()
    {
        var health = new InstanceHealth(_watches);
        health.Describe("probing /healthz every 5s");
        var session = new AgentSession();
        _watches.Attach(session, Hello);

        health.Resend(session);

        Assert.Equal([Hello(["svc-a"])], await DrainAsync(session));
    }

    [Fact]
    public async Task Resend_AfterAReportBetweenSessions_RepeatsTheStateAfterHello()
    {
        var health = new InstanceHealth(_watches);
        health.Report(new AppHealth(false, "2 probes of /healthz failed: 503"));
        var session = new AgentSession();
        _watches.Attach(session, Hello);

        health.Resend(session);

        Assert.Equal([Hello(["svc-a"]), Report(false, "2 probes of /healthz failed: 503")], await DrainAsync(session));
    }
}
