using Mesh.Protos.Discovery.V1;
using Mesh.ProxyAgent.Caching;
using Mesh.ProxyAgent.Health;
using Mesh.ProxyAgent.Hosting;
using Mesh.ProxyAgent.Routing;

namespace Mesh.ProxyAgent.ControlPlane;

/// <summary>
/// Keeps one push session open to some silo: Hello, then Welcome and configs down, Acks, Nacks and Watches up.
/// The silos it knows are the configured ones plus the live ones the cluster reports (Welcome, then SiloList whenever
/// they change), published to <see cref="ControlPlaneStatus"/> for <c>/config_dump</c>. When the session breaks (or a
/// silo does not answer in time) the proxy keeps serving its last good configs and reconnects with backoff, rotating
/// through every silo it knows. When a silo sends Move, the proxy ends the session without Goodbye (its endpoint
/// stays registered through the lease) and opens the next one at once at the silo named, with the versions it holds;
/// if that silo fails, the rotation and backoff resume. On a graceful stop it says Goodbye and drains
/// (<see cref="StoppingAsync"/> runs before Kestrel stops listening). Once every known silo failed to answer in a
/// row, the config cache stands in for the services still missing a config (<see cref="CacheRestore"/>).
/// </summary>
internal sealed partial class ControlPlaneClient(
    ProxyAgentOptions options,
    WatchRegistry watches,
    RoutingTable table,
    ConfigPushHandler pushes,
    InstanceHealth health,
    CacheRestore cache,
    ControlPlaneStatus status,
    ControlPlaneTimings timings,
    TimeProvider time,
    ILogger<ControlPlaneClient> logger) : BackgroundService, IHostedLifecycleService
{
    private readonly SiloDirectory _silos = new(options.ControlPlane);
    private volatile bool _stopping;

    public Task StartingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>
    /// Says Goodbye (the silo deregisters the endpoint and pushes that to callers' proxies), completes the request
    /// stream, and keeps the listeners serving for <see cref="ProxyAgentOptions.Drain"/> so that callers stop
    /// choosing this instance before it stops answering.
    /// </summary>
    public async Task StoppingAsync(CancellationToken cancellationToken)
    {
        _stopping = true;
        status.Draining();
        if (watches.Close() is { } session)
        {
            session.TrySend(new ProxyMessage { Goodbye = new Goodbye() });
            session.Close();
            try
            {
                await session.Completion.WaitAsync(timings.GoodbyeFlushTimeout, time, cancellationToken);
                LogSaidGoodbye(options.ProxyId);
            }
            catch (Exception ex) when (ex is TimeoutException or OperationCanceledException or Grpc.Core.RpcException or IOException)
            {
                LogGoodbyeNotSent(options.ProxyId, ex.Message);
            }
        }

        LogDraining(options.ProxyId, options.Drain.TotalSeconds);
        try
        {
            await Task.Delay(options.Drain, time, cancellationToken);
        }
        catch (OperationCanceledException)
        {
            // The host's shutdown timeout ended the drain early.
        }
    }

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        status.SilosKnown(_silos.Known);
        var failures = 0;
        while (!stoppingToken.IsCancellationRequested && !_stopping)
        {
            var silo = _silos.Current;
            var outcome = await RunSessionAsync(silo, stoppingToken);
            if (stoppingToken.IsCancellationRequested || _stopping)
            {
                break;
            }

            if (outcome is SessionOutcome.Moved or SessionOutcome.Recycled)
            {
                // The session was fine and the silo asked the proxy to go elsewhere (the target is current already),
                // or the proxy ended it to shed watches: it reconnects at once (the silo ends a session left behind).
                failures = 0;
                continue;
            }

            failures = outcome == SessionOutcome.Ended ? 0 : failures + 1;
            if (failures >= _silos.Known.Count)
            {
                cache.RestoreMissing(watches.Watched);
            }

            // A silo that left the cluster during the session is no longer known: its successor is current already.
            if (_silos.Current == silo)
            {
                _silos.Advance();
            }

            var delay = ReconnectBackoff.Delay(failures, Random.Shared.NextDouble(), timings.InitialBackoff, timings.MaxBackoff);
            LogReconnecting(_silos.Current, delay.TotalMilliseconds, table.Services.Count);
            try
            {
                await Task.Delay(delay, time, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }
    }

    private ProxyMessage BuildHello(IReadOnlyList<string> watched)
    {
        var hello = new Hello
        {
            ProxyId = options.ProxyId,
            Service = options.Service,
            InboundAddress = options.RegisteredAddress ?? "",
            Watches = { watched },
        };
        var watching = watched.ToHashSet(StringComparer.Ordinal);
        pushes.ShedUnwatched(watching);
        foreach (var (key, value) in options.Labels)
        {
            hello.Labels[key] = value;
        }

        // Only what Hello watches: the silo counts held_versions against the same per-session limit.
        foreach (var (service, version) in table.HeldVersions())
        {
            if (watching.Contains(service))
            {
                hello.HeldVersions[service] = version;
            }
        }

        return new ProxyMessage { Hello = hello };
    }
}
