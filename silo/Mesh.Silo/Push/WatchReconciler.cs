using Mesh.Silo.Discovery;

namespace Mesh.Silo.Push;

/// <summary>Periodically compares every watched service with its stored version (see <see cref="DiscoveryOptions.ReconcilePeriod"/>).</summary>
internal sealed class WatchReconciler(ServiceWatchRegistry registry, DiscoveryOptions options, TimeProvider time) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.ReconcilePeriod, time);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            await Task.WhenAll(registry.Watches.Select(w => w.RefreshAsync()));
        }
    }
}
