using System.Threading.Channels;
using Mesh.Model.Proxies;
using Mesh.Protos.Discovery.V1;

namespace Mesh.Silo.Push;

/// <summary>
/// One proxy's push session on this silo. Configs offered to it are coalesced: at most one pending push per
/// service, the newest version replacing an older one still waiting, and nothing at or below what was already
/// sent or what the proxy said it holds. One writer drains the pending pushes onto the gRPC stream.
/// </summary>
public sealed class ProxySession
{
    private readonly object _gate = new();
    private readonly Dictionary<string, ServiceConfig> _pending = new(StringComparer.Ordinal);
    private readonly Dictionary<string, long> _sent;
    private readonly Dictionary<string, WatchReport> _reports = new(StringComparer.Ordinal);
    private readonly Channel<bool> _wake = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });

    public ProxySession(ProxyHello hello, IReadOnlyDictionary<string, long> heldVersions)
    {
        Hello = hello;
        _sent = new Dictionary<string, long>(heldVersions, StringComparer.Ordinal);
    }

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

    /// <summary>Writes pending pushes until the session ends; <paramref name="sent"/> is told of each one written.</summary>
    public async Task RunWriterAsync(Func<ControlMessage, Task> write, Action<ServiceConfig> sent, CancellationToken cancellationToken)
    {
        await foreach (var _ in _wake.Reader.ReadAllAsync(cancellationToken))
        {
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
