using System.Globalization;
using Mesh.ProxyAgent.Hosting;
using Mesh.ProxyAgent.RateLimiting;
using Mesh.ProxyAgent.Routing;
using Mesh.ProxyAgent.Telemetry;
using Yarp.ReverseProxy.Forwarder;

namespace Mesh.ProxyAgent.Forwarding;

/// <summary>
/// Calls from other proxies, forwarded to the local app (<c>Mesh:AppUrl</c>) with the original Host, within the
/// inbound rate limit of the instance's own service policy (429 with <c>Retry-After</c> beyond it).
/// </summary>
internal sealed partial class InboundForwarder(
    ProxyAgentOptions options,
    IHttpForwarder forwarder,
    HttpMessageInvoker client,
    RoutingTable table,
    InboundRateLimiter rateLimiter,
    ProxyMetrics metrics,
    TimeProvider time,
    ILogger<InboundForwarder> logger)
{
    private readonly string? _appPrefix = options.AppUrl?.AbsoluteUri;
    private readonly string _subset = options.Version ?? "";

    public async Task HandleAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var started = time.GetTimestamp();
        try
        {
            if (_appPrefix is null)
            {
                ProxyResponses.Reject(context, StatusCodes.Status503ServiceUnavailable, "this proxy fronts no app (Mesh:AppUrl is not set)");
                return;
            }

            table.Services.TryGetValue(options.Service, out var own);
            var admitted = rateLimiter.TryTake(own);
            if (!admitted.Allowed)
            {
                context.Response.Headers.RetryAfter = admitted.RetryAfterSeconds.ToString(CultureInfo.InvariantCulture);
                ProxyResponses.Reject(context, StatusCodes.Status429TooManyRequests, RateLimitReason(own?.RateLimit));
                return;
            }

            var error = await forwarder.SendAsync(context, _appPrefix, client, ForwarderRequestConfig.Empty, HostPreservingTransformer.Instance);
            if (error != ForwarderError.None)
            {
                LogForwardFailed(options.Service, ProxyResponses.ExplainFailure(context, error, $"local app at {_appPrefix}"));
            }
        }
        finally
        {
            metrics.Record(ProxyMetrics.Inbound, options.Service, _subset, context.Response.StatusCode, time.GetElapsedTime(started));
        }
    }

    private string RateLimitReason(RateLimitSpec? limit) => limit is null
        ? $"rate limit of '{options.Service}'"
        : $"rate limit of '{options.Service}': {limit.Quota.RequestsPerSecond} requests per second, burst {limit.Quota.Burst} (scope {RateLimitScopes.Name(limit.Scope)})";

    [LoggerMessage(Level = LogLevel.Warning, Message = "Inbound request for {Service} failed: {Reason}")]
    private partial void LogForwardFailed(string service, string reason);
}
