using System.Threading.Channels;
using Grpc.Core;
using Mesh.Protos.Discovery.V1;

namespace Mesh.ProxyAgent.ControlPlane;

/// <summary>
/// The upstream half of one session. gRPC allows one write at a time on a request stream, while Hello, Acks,
/// Nacks, Watches and Goodbye come from different places: they all queue here and one pump writes them in order.
/// </summary>
internal sealed class AgentSession
{
    private readonly Channel<ProxyMessage> _outbox = Channel.CreateUnbounded<ProxyMessage>(new UnboundedChannelOptions { SingleReader = true });
    private volatile bool _recycled;

    /// <summary>The pump: completes once everything queued before <see cref="Close"/> is written and the stream completed.</summary>
    public Task Completion { get; private set; } = Task.CompletedTask;

    /// <summary>
    /// Whether the <see cref="WatchRegistry"/> ended it to shed watches: no Goodbye (the instance stays registered),
    /// and the client opens the next session at once.
    /// </summary>
    public bool Recycled => _recycled;

    /// <summary>Queues a message; false once the session is closed.</summary>
    public bool TrySend(ProxyMessage message) => _outbox.Writer.TryWrite(message);

    /// <summary>No more messages: the pump writes what is queued and then completes the request stream.</summary>
    public void Close() => _outbox.Writer.TryComplete();

    /// <summary>Closes it as a recycle: the silo ends a session whose request stream completed.</summary>
    public void Recycle()
    {
        _recycled = true;
        Close();
    }

    public Task StartPump(IClientStreamWriter<ProxyMessage> stream, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(stream);
        Completion = PumpAsync(stream, cancellationToken);
        return Completion;
    }

    private async Task PumpAsync(IClientStreamWriter<ProxyMessage> stream, CancellationToken cancellationToken)
    {
        await foreach (var message in _outbox.Reader.ReadAllAsync(cancellationToken))
        {
            await stream.WriteAsync(message, cancellationToken);
        }

        await stream.CompleteAsync();
    }
}
