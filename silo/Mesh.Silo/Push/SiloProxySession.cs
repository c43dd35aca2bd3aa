using System.Threading.Channels;
using Mesh.Model.Proxies;
using Mesh.Protos.Discovery.V1;

namespace Mesh.Silo.Push;

/// <summary>
/// One proxy's push session on this silo. Configs offered to it are coalesced: at most one pending push per
/// service, the newest version replacing an older one still waiting, and nothing at or below what was already
/// sent or what the proxy said it holds. Control messages (silo list, move) are queued apart and go first. One writer
/// drains the queues onto the gRPC stream.
/// </summary>
public sealed class SiloProxySession : IDisposable
{
    private readonly object _gate = new();
    private readonly Dictionary<string, ServiceConfig> _pending = new(StringComparer.Ordinal);
    private readonly Queue<ControlMessage> _control = new();
    private readonly CancellationTokenSource _evicted = new();
    private int _moving;
    private readonly Dictionary<string, long> _sent;
    private readonly Dictionary<string, WatchReport> _reports = new(StringComparer.Ordinal);
    private readonly Channel<bool> _wake = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });

    public SiloProxySession(ProxyHello hello, IReadOnlyDictionary<string, long> heldVersions, long openedAt = 0)
    {
        Hello = hello;
        OpenedAt = openedAt;
        _sent = new Dictionary<string, long>(heldVersions, StringComparer.Ordinal);
    }

    /// <summary>When the session opened (<see cref="TimeProvider.GetTimestamp"/>).</summary>
    public long OpenedAt { get; }

    /// <summary>Set once the session was told to move to another silo.</summary>
    public bool Moving => Volatile.Read(ref _moving) != 0;

    /// <summary>Cancelled when the silo ends the session itself (a proxy that did not move when told).</summary>
    public CancellationToken Evicted => _evicted.Token;

    public ProxyHello Hello { get; }

    public string ProxyId => Hello.ProxyId;

    /// <summary>Set when the proxy said Goodbye: its endpoint goes at once instead of at the end of its lease.</summary>
    public bool SaidGoodbye { get; set; }

    /// <summary>Queues <paramref name="config"/> unless the proxy already has it or something newer.</summary>
    public void Offer(ServiceConfig config)
    {
        lock (_gate)
        {
            if (_sent.TryGetValue(config.Service, out var sent) && sent >= config.Version)
            {
                return;
            }

            if (_pending.TryGetValue(config.Service, out var waiting) && waiting.Version >= config.Version)
            {
                return;
            }

            _pending[config.Service] = config;
        }

        _wake.Writer.TryWrite(true);
    }

    /// <summary>Queues a control message (not a config) ahead of the pending pushes.</summary>
    public void Send(ControlMessage message)
    {
        lock (_gate)
        {
            _control.Enqueue(message);
        }

        _wake.Writer.TryWrite(true);
    }

    /// <summary>Queues <paramref name="move"/> unless the session was told to move already; true when queued.</summary>
    public bool TryMove(Move move)
    {
        if (Closed || Interlocked.Exchange(ref _moving, 1) != 0)
        {
            return false;
        }

        Send(new ControlMessage { Move = move });
        return true;
    }

    /// <summary>Ends the session from the silo's side.</summary>
    public void Evict()
    {
        try
        {
            _evicted.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // It ended meanwhile.
        }
    }

    public void Dispose() => _evicted.Dispose();

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

    public void Close()
    {
        Closed = true;
        _wake.Writer.TryComplete();
    }

    /// <summary>Set once the session ended.</summary>
    public bool Closed { get; private set; }

    /// <summary>
    /// Notes what the proxy was sent or answered about a service it was sent; <see cref="TakeReports"/> hands it to
    /// the proxy's grain later.
    /// </summary>
    /// <returns>Whether this is the first report since the last take (the session must be scheduled for reporting).</returns>
    public bool Report(WatchReport report)
    {
        lock (_gate)
        {
            // An ACK or NACK of a service this session was never sent is a stray (or hostile) report: not kept.
            if (!_sent.ContainsKey(report.Service))
            {
                return false;
            }
        }

        lock (_reports)
        {
            var first = _reports.Count == 0;
            _reports[report.Service] = _reports.TryGetValue(report.Service, out var earlier) ? earlier.Merge(report) : report;
            return first;
        }
    }

    /// <summary>The reports gathered since the last take, coalesced per service.</summary>
    public IReadOnlyList<WatchReport> TakeReports()
    {
        lock (_reports)
        {
            var reports = _reports.Values.ToList();
            _reports.Clear();
            return reports;
        }
    }

    private List<ControlMessage> TakeControl()
    {
        lock (_gate)
        {
            var batch = _control.ToList();
            _control.Clear();
            return batch;
        }
    }

    private List<ServiceConfig> TakePending()
    {
        lock (_gate)
        {
            var batch = _pending.Values.ToList();
            _pending.Clear();
            foreach (var config in batch)
            {
                _sent[config.Service] = config.Version;
            }

            return batch;
        }
    }
}
