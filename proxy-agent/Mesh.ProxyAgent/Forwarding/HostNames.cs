using Mesh.Model.Naming;
using Microsoft.AspNetCore.Http.Features;

namespace Mesh.ProxyAgent.Forwarding;

/// <summary>Which service an outbound request is for: its Host, without port, lower-cased.</summary>
internal static class HostNames
{
    /// <summary>
    /// The service named by the request's Host header, or by the authority of an absolute-form target
    /// (<c>GET http://svc-b/path</c>, as HTTP_PROXY clients send) when there is no Host. Null when it names no service.
    /// </summary>
    public static string? ServiceOf(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Host.HasValue)
        {
            return ServiceOf(request.Host.Value);
        }

        var target = request.HttpContext.Features.Get<IHttpRequestFeature>()?.RawTarget;
        return Uri.TryCreate(target, UriKind.Absolute, out var url) && url.Scheme is "http" or "https" ? ServiceOf(url.Authority) : null;
    }

    /// <summary><c>SVC-B:8080</c> → <c>svc-b</c>; null for an empty host, an IP address or a name that is no service name.</summary>
    public static string? ServiceOf(string? host)
    {
        if (string.IsNullOrEmpty(host) || host[0] == '[')
        {
            return null;
        }

        var name = host.AsSpan();
        var colon = name.LastIndexOf(':');
        if (colon >= 0)
        {
            name = name[..colon];
        }

        if (name.EndsWith("."))
        {
            name = name[..^1];
        }

        var service = name.ToString().ToLowerInvariant();
        return NameRules.IsServiceName(service) ? service : null;
    }
}
