using Mesh.ProxyAgent.LoadBalancing;
using Mesh.ProxyAgent.Mirroring;
using Mesh.ProxyAgent.Resilience;
using Mesh.ProxyAgent.Routing;
using Yarp.ReverseProxy.Forwarder;

namespace Mesh.ProxyAgent.Forwarding;

internal sealed partial class OutboundForwarder
{
    /// <summary>The largest request body (by Content-Length) buffered so that a retry can send it again.</summary>
    public const int MaxReplayedBody = 64 * 1024;

    /// <summary>
    /// Forwards within the route's timeout (504 when it passes before the response starts; the upstream request is
    /// cancelled either way), retrying as the route says: each retry to an endpoint not yet tried where one exists,
    /// each attempt within the per-try timeout, each retry paid from the service's retry budget. A retriable response
    /// is held back from the caller while a retry is still possible, so the caller sees one answer only. A request
    /// whose body cannot be replayed (larger than <see cref="MaxReplayedBody"/> or of unknown length) gets one attempt.
    /// Each attempt holds a least-request lease on its endpoint and reports its outcome to outlier detection (a 5xx,
    /// or no response, is a failure), when the service's policy has them.
    /// </summary>
    private async Task ForwardAsync(
        HttpContext context,
        string service,
        SubsetSnapshot subset,
        EndpointSnapshot endpoint,
        RouteSnapshot? route,
        InFlightTracker? inFlight,
        OutlierDetector? detector)
    {
        var request = context.Request;
        var retries = route?.Retries;
        var hasBody = retries is not null && !RequestMirror.HasNoBody(request);
        var replayable = retries is not null && (!hasBody || request.ContentLength <= MaxReplayedBody);
        if (hasBody && replayable)
        {
            // Kept in memory: the threshold is the largest body replayed, so no temporary file is written.
            request.EnableBuffering(MaxReplayedBody);
        }

        var idempotent = RetryPolicy.IsIdempotent(request.Method);
        var budget = retries is null ? null : budgets.For(service);
        using var deadline = route?.Timeout is { } limit ? new CancellationTokenSource(limit, time) : null;
        List<EndpointSnapshot>? tried = null;
        for (var retriesSoFar = 0; ; retriesSoFar++)
        {
            var soFar = retriesSoFar;
            bool ShouldRetry(AttemptOutcome outcome) =>
                replayable
                && retries!.Policy.Decide(outcome, soFar, idempotent, hasBody) == RetryDecision.Retry
                && budget!.TryAcquireRetry();

            using var perTry = retries?.PerTryTimeout is { } perTryLimit ? new CancellationTokenSource(perTryLimit, time) : null;
            using var linked = deadline is null && perTry is null
                ? null
                : CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, deadline?.Token ?? default, perTry?.Token ?? default);
            using var lease = inFlight?.Start(endpoint.Id);
            HttpTransformer transformer = retries is null ? HostPreservingTransformer.Instance : new AttemptTransformer(status => ShouldRetry(AttemptOutcome.Response(status)));
            var error = await forwarder.SendAsync(context, endpoint.DestinationPrefix, client, ForwarderRequestConfig.Empty, transformer, linked?.Token ?? default);
            var heldBack = transformer is AttemptTransformer { HeldBack: true };
            if (detector is not null && !context.RequestAborted.IsCancellationRequested)
            {
                // A 5xx, or YARP's 502/504 for no response at all, counts against the endpoint.
                var status = heldBack ? ((AttemptTransformer)transformer).StatusCode : context.Response.StatusCode;
                if (status >= 500)
                {
                    detector.ReportFailure(endpoint.Id);
                }
                else
                {
                    detector.ReportSuccess(endpoint.Id);
                }
            }

            if (error == ForwarderError.None && !heldBack)
            {
                return;
            }

            if (!heldBack)
            {
                var retriable = Retriable(context, error, perTry, deadline, out var outcome, out var kind);
                if (!retriable || !ShouldRetry(outcome))
                {
                    Fail(context, service, subset.Name, endpoint, error, route, kind);
                    return;
                }
            }

            // Retry: the held-back or failed attempt left nothing the caller has seen. YARP forwards only onto a
            // pristine response (status 200, no error recorded), so undo what the failed attempt set.
            var fault = context.Response.Headers[MeshHeaders.Fault];
            context.Response.Clear();
            context.Features.Set<IForwarderErrorFeature>(null);
            if (subset.Name.Length > 0)
            {
                context.Response.Headers[MeshHeaders.Subset] = subset.Name;
            }

            if (fault.Count > 0)
            {
                context.Response.Headers[MeshHeaders.Fault] = fault;
            }

            (tried ??= []).Add(endpoint);
            endpoint = NextUntried(request, subset, tried, detector);
            if (hasBody)
            {
                request.Body.Position = 0;
            }

            LogRetry(service, subset.Name, soFar + 1, endpoint.Id);
        }
    }

    /// <summary>
    /// Whether a failed attempt is one a retry may follow: no response started, neither the caller nor the route's
    /// deadline cancelled it, and it failed connecting, on the wire or by the per-try timeout.
    /// </summary>
    private static bool Retriable(
        HttpContext context, ForwarderError error, CancellationTokenSource? perTry, CancellationTokenSource? deadline, out AttemptOutcome outcome, out FailureKind final)
    {
        outcome = default;
        final = deadline is { IsCancellationRequested: true } && !context.RequestAborted.IsCancellationRequested ? FailureKind.RouteTimeout
            : perTry is { IsCancellationRequested: true } && !context.RequestAborted.IsCancellationRequested ? FailureKind.PerTryTimeout
            : FailureKind.Upstream;
        if (context.Response.HasStarted || context.RequestAborted.IsCancellationRequested || final == FailureKind.RouteTimeout)
        {
            return false;
        }

        if (final == FailureKind.PerTryTimeout)
        {
            outcome = AttemptOutcome.TimedOut;
            return true;
        }

        var exception = context.GetForwarderErrorFeature()?.Exception;
        outcome = error switch
        {
            ForwarderError.Request when exception is HttpRequestException { HttpRequestError: HttpRequestError.ConnectionError } => AttemptOutcome.ConnectFailed,
            ForwarderError.Request or ForwarderError.RequestTimedOut => AttemptOutcome.WasReset,
            _ => default,
        };
        return outcome != default;
    }

    private void Fail(HttpContext context, string service, string subset, EndpointSnapshot endpoint, ForwarderError error, RouteSnapshot? route, FailureKind kind)
    {
        string reason;
        if (kind == FailureKind.RouteTimeout)
        {
            reason = $"route timeout of {route!.Timeout!.Value.TotalMilliseconds}ms passed waiting for upstream endpoint '{endpoint.Id}'";
        }
        else if (kind == FailureKind.PerTryTimeout)
        {
            reason = $"per-try timeout of {route!.Retries!.PerTryTimeout!.Value.TotalMilliseconds}ms passed waiting for upstream endpoint '{endpoint.Id}'";
        }
        else
        {
            reason = ProxyResponses.ExplainFailure(context, error, $"upstream endpoint '{endpoint.Id}' at {endpoint.Address}");
        }

        if (!context.Response.HasStarted)
        {
            if (kind != FailureKind.Upstream)
            {
                ProxyResponses.Reject(context, StatusCodes.Status504GatewayTimeout, reason);
            }

            if (subset.Length > 0)
            {
                // A failed forward clears the response, taking the subset header with it.
                context.Response.Headers[MeshHeaders.Subset] = subset;
            }
        }

        LogForwardFailed(service, subset, reason);
    }

    /// <summary>
    /// The balancer's pick among the usable endpoints (not ejected) that no earlier attempt used, or among all usable
    /// ones when every one was tried.
    /// </summary>
    private static EndpointSnapshot NextUntried(HttpRequest request, SubsetSnapshot subset, List<EndpointSnapshot> tried, OutlierDetector? detector)
    {
        var usable = detector?.Available(subset.HealthyEndpoints) ?? subset.HealthyEndpoints;
        var untried = usable.Where(e => !tried.Contains(e)).ToArray();
        return subset.Balancer.Pick(request, untried.Length > 0 ? untried : usable) ?? tried[^1];
    }

    private enum FailureKind
    {
        Upstream,
        RouteTimeout,
        PerTryTimeout,
    }
}
