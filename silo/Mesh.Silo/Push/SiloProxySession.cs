using System.Threading.Channels;
using Mesh.Model.Proxies;
using Mesh.Protos.Discovery.V1;

namespace Mesh.Silo.Push;

/// <summary>
/// One proxy's push session on this silo (the proxy agent's side of it is its own <c>ProxySession</c>). Three queues
/// feed one writer that drains them onto the gRPC stream: control messages (silo list, move) first, then the configs
/// offered to the proxy, coalesced per service; the proxy's sync reports are gathered apart for its grain.
/// </summary>
internal sealed partial class SiloProxySession : IDisposable
{
    private readonly object _gate = new();
    private readonly Channel<bool> _wake = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });

    public SiloProxySession(ProxyHello hello, IReadOnlyDictionary<string, long> heldVersions, long openedAt = 0)
    {
        Hello = hello;
        OpenedAt = openedAt;
        _sent = new Dictionary<string, long>(heldVersions, StringComparer.Ordinal);
    }

    /// <summary>When the session opened (<see cref="TimeProvider.GetTimestamp"/>).</summary>
    public long OpenedAt { get; }

    public ProxyHello Hello { get; }

    public string ProxyId => Hello.ProxyId;

    /// <summary>Set when the proxy said Goodbye: its endpoint goes at once instead of at the end of its lease.</summary>
    public bool SaidGoodbye { get; set; }

    /// <summary>Set once the session ended.</summary>
    public bool Closed { get; private set; }

    /// <summary>Writes control messages and pending pushes until the session ends; <paramref name="sent"/> is told of each push written.</summary>
    public async Task RunWriterAsync(Func<ControlMessage, Task> write, Action<ServiceConfig> sent, CancellationToken cancellationToken)
    {
        await foreach (var _ in _wake.Reader.ReadAllAsync(cancellationToken))
        {
            foreach (var message in TakeControl())
            {
                await write(message);
            }

            foreach (var config in TakePending())
            {
                await write(new ControlMessage { Config = config });
                sent(config);
            }
        }
    }

    /// <summary>Ends the session: the writer writes what is queued and stops.</summary>
    public void Close()
    {
        Closed = true;
        _wake.Writer.TryComplete();
    }

    public void Dispose() => _evicted.Dispose();
}
