using Mesh.Protos.Discovery.V1;

namespace Mesh.Silo.Push;

/// <summary>
/// The configs offered to the proxy: at most one pending push per service, the newest version replacing an older
/// one still waiting, and nothing at or below what was already sent or what the proxy said it holds.
/// </summary>
internal sealed partial class SiloProxySession
{
    private readonly Dictionary<string, ServiceConfig> _pending = new(StringComparer.Ordinal);
    private readonly Dictionary<string, long> _sent;

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
