using Mesh.Protos.Discovery.V1;
using Mesh.ProxyAgent.ControlPlane;
using Mesh.ProxyAgent.Tests.Infrastructure;

namespace Mesh.ProxyAgent.Tests.ControlPlane;

public sealed class AgentSessionTests
{
    [Fact]
    public async Task Close_AfterMessagesQueued_WritesThemInOrderThenCompletesTheStream()
    {
        var session = new AgentSession();
        var stream = new RecordingStreamWriter();
        session.TrySend(new ProxyMessage { Hello = new Hello { ProxyId = "p" } });
        var pump = session.StartPump(stream, CancellationToken.None);
        session.TrySend(new ProxyMessage { Ack = new Ack { Service = "svc-b", Version = 1 } });
        session.TrySend(new ProxyMessage { Goodbye = new Goodbye() });

        session.Close();
        await pump.WaitAsync(TimeSpan.FromSeconds(5));

        Assert.Equal(
            [ProxyMessage.KindOneofCase.Hello, ProxyMessage.KindOneofCase.Ack, ProxyMessage.KindOneofCase.Goodbye],
            stream.Written.Select(m => m.KindCase));
        Assert.True(stream.Completed);
        Assert.False(session.TrySend(new ProxyMessage { Goodbye = new Goodbye() }));
    }
}
