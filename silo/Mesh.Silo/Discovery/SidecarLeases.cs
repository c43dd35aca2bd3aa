using System.Collections.Concurrent;
using Mesh.Grains.Registry;
using Mesh.Silo.Push;

namespace Mesh.Silo.Discovery;

/// <summary>
/// Renews, in one call per service, the leases of the sidecar endpoints whose sessions live on this silo, and
/// registers again any endpoint the service no longer holds (e.g. it lapsed while this silo was cut off).
/// </summary>
internal sealed partial class SidecarLeases(IGrainFactory grains, DiscoveryOptions options, TimeProvider time, ILogger<SidecarLeases> logger) : BackgroundService
{
    private readonly ConcurrentDictionary<SiloProxySession, EndpointRegistration> _sessions = new();

    public void Track(SiloProxySession session, EndpointRegistration registration) => _sessions[session] = registration;

    public void Untrack(SiloProxySession session) => _sessions.TryRemove(session, out _);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.RenewPeriod, time);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            foreach (var group in _sessions.ToArray().GroupBy(s => s.Key.Hello.Service, StringComparer.Ordinal))
            {
                try
                {
                    var ids = group.Select(s => s.Value.Id).ToList();
                    var unknown = await grains.GetGrain<IServiceGrain>(group.Key).RenewLeasesAsync(ids, options.Lease);
                    foreach (var (session, registration) in group.Where(s => unknown.Contains(s.Value.Id)))
                    {
                        if (_sessions.ContainsKey(session))
                        {
                            await grains.GetGrain<IServiceGrain>(group.Key).UpsertEndpointAsync(registration);
                        }
                    }
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    LogRenewFailed(e, group.Key);
                }
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not renew the sidecar leases of {Service}")]
    private partial void LogRenewFailed(Exception exception, string service);
}
