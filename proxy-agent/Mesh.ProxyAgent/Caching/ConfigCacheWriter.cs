using System.Threading.Channels;
using Mesh.Protos.Discovery.V1;

namespace Mesh.ProxyAgent.Caching;

/// <summary>
/// Writes accepted configs to the <see cref="ConfigCache"/> off the push path, so an Ack never waits for a disk.
/// Coalesced: at most one pending write per service, the newest version replacing an older one still waiting.
/// What is pending when the agent stops is written before it exits.
/// </summary>
internal sealed class ConfigCacheWriter(ConfigCache cache) : BackgroundService
{
    private readonly Lock _gate = new();

    // One batch at a time: were a stop's final batch to overlap the loop's, an older version could be renamed last.
    private readonly Lock _writing = new();
    private readonly Dictionary<string, ServiceConfig> _pending = new(StringComparer.Ordinal);
    private readonly Channel<bool> _wake = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });

    /// <summary>Queues <paramref name="config"/> for the cache (nothing when no cache is set).</summary>
    public void Offer(ServiceConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        if (!cache.Enabled)
        {
            return;
        }

        lock (_gate)
        {
            if (_pending.TryGetValue(config.Service, out var waiting) && waiting.Version > config.Version)
            {
                return;
            }

            _pending[config.Service] = config;
        }

        _wake.Writer.TryWrite(true);
    }

    /// <summary>Writes what is pending now; the background loop calls it, tests may too.</summary>
    internal void WritePending()
    {
        lock (_writing)
        {
            List<ServiceConfig> batch;
            lock (_gate)
            {
                batch = [.. _pending.Values];
                _pending.Clear();
            }

            foreach (var config in batch)
            {
                cache.Write(config);
            }
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!cache.Enabled)
        {
            return;
        }

        cache.RemoveLeftovers();
        try
        {
            await foreach (var _ in _wake.Reader.ReadAllAsync(stoppingToken))
            {
                WritePending();
            }
        }
        catch (OperationCanceledException)
        {
            // The agent is stopping: StopAsync writes what is left.
        }
    }

    /// <summary>Stops the loop, then writes what is still pending (even if the loop never got to run).</summary>
    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        WritePending();
    }
}
