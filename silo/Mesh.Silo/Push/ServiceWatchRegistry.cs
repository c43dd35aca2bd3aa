using Mesh.Grains.Streams;
using Orleans.Streams;

namespace Mesh.Silo.Push;

/// <summary>
/// The services watched by this silo's proxies. Each has exactly one stream subscription on this silo however
/// many local proxies watch it, so a change costs one stream delivery per silo plus one local write per proxy.
/// </summary>
internal sealed partial class ServiceWatchRegistry(
    IClusterClient client,
    ILocalSiloDetails silo,
    IServiceDocuments documents,
    Discovery.DiscoveryOptions options,
    TimeProvider time,
    ILogger<ServiceWatchRegistry> logger) : IDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly Dictionary<string, ServiceWatch> _watches = new(StringComparer.Ordinal);

    /// <summary>A short tag of this silo incarnation, part of every nonce it issues.</summary>
    public string SiloTag { get; } = $"{silo.SiloAddress.Endpoint.Port}.{silo.SiloAddress.Generation}";

    public IReadOnlyCollection<ServiceWatch> Watches
    {
        get
        {
            lock (_watches)
            {
                return [.. _watches.Values];
            }
        }
    }

    /// <summary>Makes <paramref name="session"/> receive the configs of <paramref name="service"/>, the current one first.</summary>
    public async Task AddAsync(string service, SiloProxySession session)
    {
        ServiceWatch watch;
        bool created;
        await _gate.WaitAsync();
        try
        {
            created = !_watches.TryGetValue(service, out var existing);
            watch = existing ?? new ServiceWatch(service, documents, SiloTag, time, new PushDebounce(options.PushDebounce, options.PushMaxDelay), logger);
            if (created)
            {
                // Subscribe before the first read: a change committed in between is then either in the read or
                // delivered on the stream.
                var stream = client.GetStreamProvider(ServiceStreams.Provider).GetStream<ServiceChanged>(ServiceStreams.For(service));
                var handle = await stream.SubscribeAsync((_, _) =>
                {
                    watch.OnChanged();
                    return Task.CompletedTask;
                });
                watch.Subscription = new SubscriptionRelease(handle);
                lock (_watches)
                {
                    _watches[service] = watch;
                }

                LogSubscribed(service);
            }

            watch.Add(session);
        }
        finally
        {
            _gate.Release();
        }

        if (created)
        {
            await watch.RefreshAsync();
        }
    }

    /// <summary>Stops pushing to <paramref name="session"/>; the last session out releases the subscription.</summary>
    public async Task RemoveAsync(SiloProxySession session)
    {
        await _gate.WaitAsync();
        try
        {
            foreach (var service in session.Hello.Watches.Concat(Watches.Select(w => w.Service)).Distinct(StringComparer.Ordinal).ToList())
            {
                if (!_watches.TryGetValue(service, out var watch) || watch.Remove(session) > 0)
                {
                    continue;
                }

                lock (_watches)
                {
                    _watches.Remove(service);
                }

                watch.Dispose();
                if (watch.Subscription is { } subscription)
                {
                    await subscription.DisposeAsync();
                }

                LogUnsubscribed(service);
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    public void Dispose() => _gate.Dispose();

    [LoggerMessage(Level = LogLevel.Information, Message = "Subscribed to changes of {Service}")]
    private partial void LogSubscribed(string service);

    [LoggerMessage(Level = LogLevel.Information, Message = "Unsubscribed from changes of {Service}: no local proxy watches it")]
    private partial void LogUnsubscribed(string service);

    private sealed class SubscriptionRelease(StreamSubscriptionHandle<ServiceChanged> handle) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            try
            {
                await handle.UnsubscribeAsync();
            }
            catch (Exception e) when (e is OrleansException or TimeoutException)
            {
                // The rendezvous grain forgets subscriptions of silos that leave; a failed unsubscribe only delays that.
            }
        }
    }
}
