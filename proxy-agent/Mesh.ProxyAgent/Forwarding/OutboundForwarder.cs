using Mesh.ProxyAgent.ControlPlane;
using Mesh.ProxyAgent.Routing;
using Mesh.ProxyAgent.Telemetry;
using Yarp.ReverseProxy.Forwarder;

namespace Mesh.ProxyAgent.Forwarding;

/// <summary>
/// The app's calls: service from Host → first matching route → weighted subset → round-robin healthy endpoint →
/// forwarded with the original Host. The config map is read once per request, so a concurrent swap cannot
/// half-apply to it.
/// </summary>
public sealed partial class OutboundForwarder(
    IHttpForwarder forwarder,
    HttpMessageInvoker client,
    ServiceDemand demand,
    ProxyMetrics metrics,
    TimeProvider time,
    ILogger<OutboundForwarder> logger)
{
    public async Task HandleAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var started = time.GetTimestamp();
        var service = HostNames.ServiceOf(context.Request);
        var subset = "";
        try
        {
            if (service is null)
            {
                ProxyResponses.Reject(context, StatusCodes.Status400BadRequest, $"host '{context.Request.Host.Value}' names no mesh service");
                return;
            }

            var snapshot = await demand.GetAsync(service, context.RequestAborted);
            if (snapshot is null)
            {
                LogNoConfig(service);
                ProxyResponses.Reject(context, StatusCodes.Status503ServiceUnavailable, $"no config for service '{service}'");
                return;
            }

            var chosen = snapshot.Routes.Count > 0 ? snapshot.Routes[0].PickSubset(Random.Shared) : snapshot.AllEndpoints;
            subset = chosen.Name;
            if (subset.Length > 0)
            {
                context.Response.Headers[MeshHeaders.Subset] = subset;
            }

            if (chosen.NextEndpoint() is not { } endpoint)
            {
                var reason = subset.Length > 0
                    ? $"no healthy endpoints in subset '{subset}' of '{service}'"
                    : $"no healthy endpoints of '{service}'";
                LogNoEndpoint(service, subset);
                ProxyResponses.Reject(context, StatusCodes.Status503ServiceUnavailable, reason);
                return;
            }

            await ForwardAsync(context, service, subset, endpoint);
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            // The caller went away while the request waited for an on-demand config.
        }
        finally
        {
            metrics.Record(ProxyMetrics.Outbound, service ?? "", subset, context.Response.StatusCode, time.GetElapsedTime(started));
        }
    }

    private async Task ForwardAsync(HttpContext context, string service, string subset, EndpointSnapshot endpoint)
    {
        var error = await forwarder.SendAsync(context, endpoint.DestinationPrefix, client, ForwarderRequestConfig.Empty, HostPreservingTransformer.Instance);
        if (error == ForwarderError.None)
        {
            return;
        }

        var reason = ProxyResponses.ExplainFailure(context, error, $"upstream endpoint '{endpoint.Id}' at {endpoint.Address}");
        if (!context.Response.HasStarted && subset.Length > 0)
        {
            // A failed forward clears the response, taking the subset header with it.
            context.Response.Headers[MeshHeaders.Subset] = subset;
        }

        LogForwardFailed(service, subset, reason);
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "No config for {Service}: answered 503")]
    private partial void LogNoConfig(string service);

    [LoggerMessage(Level = LogLevel.Debug, Message = "No healthy endpoints for {Service} in subset '{Subset}': answered 503")]
    private partial void LogNoEndpoint(string service, string subset);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Outbound request to {Service} (subset '{Subset}') failed: {Reason}")]
    private partial void LogForwardFailed(string service, string subset, string reason);
}
