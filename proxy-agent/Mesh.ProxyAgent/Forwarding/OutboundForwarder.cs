using Mesh.ProxyAgent.ControlPlane;
using Mesh.ProxyAgent.FaultInjection;
using Mesh.ProxyAgent.Mirroring;
using Mesh.ProxyAgent.Resilience;
using Mesh.ProxyAgent.Routing;
using Mesh.ProxyAgent.Telemetry;
using Yarp.ReverseProxy.Forwarder;

namespace Mesh.ProxyAgent.Forwarding;

/// <summary>
/// The app's calls: service from Host → first matching route → weighted subset → faults → healthy endpoint by the policy's balancer → mirrored copy started → forwarded with the original Host within the route's timeout. The config map is read once per request,
/// so a concurrent swap cannot half-apply to it.
/// </summary>
internal sealed partial class OutboundForwarder(
    IHttpForwarder forwarder,
    HttpMessageInvoker client,
    ServiceDemand demand,
    RequestMirror mirror,
    RetryBudgets budgets,
    CircuitBreakers breakers,
    OutlierDetectors outliers,
    ProxyMetrics metrics,
    TimeProvider time,
    ILogger<OutboundForwarder> logger)
{
    public async Task HandleAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var started = time.GetTimestamp();
        var service = HostNames.ServiceOf(context.Request);
        var label = ProxyMetrics.UnknownService;
        var subset = "";
        try
        {
            if (service is null)
            {
                ProxyResponses.Reject(context, StatusCodes.Status400BadRequest, $"host '{context.Request.Host.Value}' names no mesh service");
                return;
            }

            var lookup = await demand.GetAsync(service, context.RequestAborted);
            if (lookup.Refused)
            {
                LogNotWatchable(service, WatchRegistry.SessionLimit);
                await ProxyResponses.RejectWithBodyAsync(
                    context,
                    StatusCodes.Status503ServiceUnavailable,
                    $"service '{service}' cannot be watched now: this proxy watches {WatchRegistry.SessionLimit} services, the most one control-plane session allows");
                return;
            }

            if (lookup.Snapshot is not { } snapshot)
            {
                LogNoConfig(service);
                ProxyResponses.Reject(context, StatusCodes.Status503ServiceUnavailable, $"no config for service '{service}'");
                return;
            }

            if (snapshot.Version > 0)
            {
                label = service;
            }

            if (snapshot.HasRetries)
            {
                budgets.For(service).RecordRequest();
            }

            var route = snapshot.Routes.Count > 0 ? snapshot.RouteFor(context.Request) : null;
            if (snapshot.Routes.Count > 0 && route is null)
            {
                LogNoRoute(service);
                ProxyResponses.Reject(context, StatusCodes.Status404NotFound, $"no route of '{service}' matches");
                return;
            }

            var chosen = route?.PickSubset(Random.Shared) ?? snapshot.AllEndpoints;
            subset = chosen.Name;
            if (subset.Length > 0)
            {
                context.Response.Headers[MeshHeaders.Subset] = subset;
            }

            if (route?.Fault is { } fault && await InjectAsync(context, fault.Decide(Random.Shared)))
            {
                return;
            }

            await ForwardWithinLimitsAsync(context, service, snapshot, route, chosen);
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            // The caller went away while the request waited for an on-demand config or a delay fault.
        }
        finally
        {
            metrics.Record(ProxyMetrics.Outbound, label, subset, context.Response.StatusCode, time.GetElapsedTime(started));
        }
    }

    /// <summary>
    /// Within the service's circuit breaker (503 at once when its in-flight and waiting limits are both full): an
    /// endpoint by the policy's balancer among those outlier detection has not ejected, a mirrored copy started, and
    /// the forward.
    /// </summary>
    private async Task ForwardWithinLimitsAsync(HttpContext context, string service, AgentServiceSnapshot snapshot, RouteSnapshot? route, SubsetSnapshot chosen)
    {
        ConcurrencyLease? slot = null;
        try
        {
            if (snapshot.CircuitBreaker is { } limits)
            {
                slot = await breakers.For(service, limits).AcquireAsync(context.RequestAborted);
                if (slot.Value.RejectionReason is { } rejection)
                {
                    LogCircuitOpen(service, rejection);
                    ProxyResponses.Reject(context, StatusCodes.Status503ServiceUnavailable, rejection);
                    return;
                }
            }

            var detector = snapshot.OutlierDetection is null ? null : outliers.For(snapshot);
            var usable = detector?.Available(chosen.HealthyEndpoints) ?? chosen.HealthyEndpoints;
            if (chosen.Balancer.Pick(context.Request, usable) is not { } endpoint)
            {
                var reason = chosen.Name.Length > 0
                    ? $"no healthy endpoints in subset '{chosen.Name}' of '{service}'"
                    : $"no healthy endpoints of '{service}'";
                LogNoEndpoint(service, chosen.Name);
                ProxyResponses.Reject(context, StatusCodes.Status503ServiceUnavailable, reason);
                return;
            }

            if (route?.Mirror is { } mirrorRule && mirrorRule.Samples(Random.Shared) && mirrorRule.Subset.NextEndpoint() is { } mirrorEndpoint)
            {
                mirror.TryMirror(context.Request, mirrorEndpoint);
            }

            await ForwardAsync(context, service, chosen, endpoint, route, snapshot.InFlight, detector);
        }
        finally
        {
            slot?.Dispose();
        }
    }

    /// <summary>
    /// Applies a fault decision: waits out a delay (cancelled with the request), then answers an abort itself.
    /// Returns whether the request was answered.
    /// </summary>
    private async Task<bool> InjectAsync(HttpContext context, FaultDecision decision)
    {
        if (decision.IsDelayed)
        {
            await Task.Delay(decision.Delay, time, context.RequestAborted);
            context.Response.Headers[MeshHeaders.Fault] = MeshHeaders.FaultDelay;
        }

        if (decision.AbortStatus is not { } status)
        {
            return false;
        }

        context.Response.StatusCode = status;
        context.Response.Headers[MeshHeaders.Fault] = MeshHeaders.FaultAbort;
        return true;
    }
}
