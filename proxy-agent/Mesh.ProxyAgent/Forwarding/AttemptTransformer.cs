using Yarp.ReverseProxy.Forwarder;

namespace Mesh.ProxyAgent.Forwarding;

/// <summary>
/// The transformer of one attempt of a request that may be retried: the request as
/// <see cref="HostPreservingTransformer"/> sends it, and a response that <see cref="HoldBack"/> claims is not passed
/// to the caller (neither headers nor body), so that another attempt can answer instead. One per attempt.
/// </summary>
/// <remarks>
/// Holding back returns false from the response transform: YARP then discards the response body and reports success,
/// having copied only the status onto the (unstarted) response. YARP forwards again only onto a pristine response, so
/// the caller must <c>Clear()</c> it and drop any <see cref="IForwarderErrorFeature"/> before the next attempt.
/// </remarks>
internal sealed class AttemptTransformer(Func<int, bool> holdBack) : HttpTransformer
{
    /// <summary>The status of the response this attempt received, or 0 when none arrived.</summary>
    public int StatusCode { get; private set; }

    /// <summary>Whether the response was held back: the caller has seen nothing of it.</summary>
    public bool HeldBack { get; private set; }

    /// <summary>Decides for a received status whether to hold the response back (and retry).</summary>
    public Func<int, bool> HoldBack { get; } = holdBack;

    public override ValueTask TransformRequestAsync(HttpContext httpContext, HttpRequestMessage proxyRequest, string destinationPrefix, CancellationToken cancellationToken) =>
        HostPreservingTransformer.Instance.TransformRequestAsync(httpContext, proxyRequest, destinationPrefix, cancellationToken);

    public override ValueTask<bool> TransformResponseAsync(HttpContext httpContext, HttpResponseMessage? proxyResponse, CancellationToken cancellationToken)
    {
        if (proxyResponse is not null)
        {
            StatusCode = (int)proxyResponse.StatusCode;
            if (HoldBack(StatusCode))
            {
                HeldBack = true;
                return ValueTask.FromResult(false);
            }
        }

        return base.TransformResponseAsync(httpContext, proxyResponse, cancellationToken);
    }
}
