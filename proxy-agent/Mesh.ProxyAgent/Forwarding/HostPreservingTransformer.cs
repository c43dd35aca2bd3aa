using Yarp.ReverseProxy.Forwarder;

namespace Mesh.ProxyAgent.Forwarding;

/// <summary>
/// Copies the request as YARP's empty transformer does (no X-Forwarded-*) and keeps the original Host: the next
/// proxy routes by it, and the app sees the name it was called by, not the endpoint address.
/// </summary>
internal sealed class HostPreservingTransformer : HttpTransformer
{
    public static readonly HostPreservingTransformer Instance = new();

    private HostPreservingTransformer()
    {
    }

    public override async ValueTask TransformRequestAsync(HttpContext httpContext, HttpRequestMessage proxyRequest, string destinationPrefix, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        ArgumentNullException.ThrowIfNull(proxyRequest);
        await base.TransformRequestAsync(httpContext, proxyRequest, destinationPrefix, cancellationToken);
        if (httpContext.Request.Host.HasValue)
        {
            proxyRequest.Headers.Host = httpContext.Request.Host.Value;
        }
    }
}
