using Mesh.ProxyAgent.Caching;
using Mesh.ProxyAgent.Routing;

namespace Mesh.ProxyAgent.ControlPlane;

/// <summary>
/// Config lookup for the outbound path: a service the proxy holds no config for is watched on demand, and a request
/// waits for its config until <see cref="ControlPlaneTimings.OnDemandWait"/> after the service was first watched.
/// Later requests for a service that never got a config therefore fail at once instead of waiting again. While no
/// session is live, the service's cached config (if any) stands in until a silo answers the watch.
/// </summary>
public sealed class ServiceDemand(
    RoutingTable table, WatchRegistry watches, ControlPlaneStatus status, CacheRestore cache, ControlPlaneTimings timings, TimeProvider time)
{
    public ValueTask<ServiceSnapshot?> GetAsync(string service, CancellationToken cancellationToken) =>
        table.Services.TryGetValue(service, out var snapshot)
            ? ValueTask.FromResult<ServiceSnapshot?>(snapshot)
            : WatchAndWaitAsync(service, cancellationToken);

    private async ValueTask<ServiceSnapshot?> WatchAndWaitAsync(string service, CancellationToken cancellationToken)
    {
        var since = watches.Watch(service);
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
                return snapshot;
            }

            var remaining = timings.OnDemandWait - time.GetElapsedTime(since);
            if (remaining <= TimeSpan.Zero)
            {
                return null;
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
