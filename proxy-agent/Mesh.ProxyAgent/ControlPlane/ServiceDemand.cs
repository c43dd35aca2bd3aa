using Mesh.ProxyAgent.Caching;
using Mesh.ProxyAgent.Routing;

namespace Mesh.ProxyAgent.ControlPlane;

/// <summary>
/// Config lookup for the outbound path: a service the proxy holds no config for is watched on demand, and a request
/// waits for its config until <see cref="ControlPlaneTimings.OnDemandWait"/> after the service was first watched.
/// Later requests for a service that never got a config therefore fail at once instead of waiting again. While no
/// session is live, the service's cached config (if any) stands in until a silo answers the watch. A config of
/// version 0 (the silo does not know the service) goes through the <see cref="WatchRegistry"/> on every request, so
/// that it knows which unknown names are still asked for; a name it cannot watch now is refused at once.
/// </summary>
internal sealed class ServiceDemand(
    RoutingTable table, WatchRegistry watches, ControlPlaneStatus status, CacheRestore cache, ControlPlaneTimings timings, TimeProvider time)
{
    public ValueTask<ServiceLookup> GetAsync(string service, CancellationToken cancellationToken) =>
        table.Services.TryGetValue(service, out var snapshot) && snapshot.Version > 0
            ? ValueTask.FromResult(new ServiceLookup(snapshot, Refused: false))
            : WatchAndWaitAsync(service, cancellationToken);

    private async ValueTask<ServiceLookup> WatchAndWaitAsync(string service, CancellationToken cancellationToken)
    {
        if (!watches.TryWatch(service, out var since))
        {
            return new ServiceLookup(null, Refused: true);
        }

        if (!status.State.Connected)
        {
            cache.TryRestore(service);
        }

        while (true)
        {
            // Read the change signal before the table: a swap in between completes it, so none is missed.
            var changed = table.Changed;
            if (table.Services.TryGetValue(service, out var snapshot))
            {
                return new ServiceLookup(snapshot, Refused: false);
            }

            var remaining = timings.OnDemandWait - time.GetElapsedTime(since);
            if (remaining <= TimeSpan.Zero)
            {
                return new ServiceLookup(null, Refused: false);
            }

            try
            {
                await changed.WaitAsync(remaining, time, cancellationToken);
            }
            catch (TimeoutException)
            {
                // Loop once more: the final check above decides.
            }
        }
    }
}
