using Mesh.ProxyAgent.Hosting;

namespace Mesh.ProxyAgent.Routing;

/// <summary>
/// Recognises endpoint addresses that point back at this proxy's own outbound or admin listener: forwarding there
/// would loop (outbound) or expose the admin API as a service. 127.0.0.1, localhost and [::1] count as one host; a
/// listener bound to 0.0.0.0 or [::] is reached through any of them. Addresses of other local interfaces are not
/// recognised.
/// </summary>
internal sealed class ListenerLoopGuard(Uri outboundUrl, Uri adminUrl)
{
    private const string Loopback = "loopback";
    private const string Wildcard = "wildcard";

    public ListenerLoopGuard(ProxyAgentOptions options)
        : this(options.OutboundUrl, options.AdminUrl)
    {
    }

    /// <summary>"outbound" or "admin" when <paramref name="address"/> is that listener of this proxy, else null.</summary>
    public string? OwnListener(Uri address)
    {
        if (Same(address, outboundUrl))
        {
            return "outbound";
        }

        return Same(address, adminUrl) ? "admin" : null;
    }

    private static bool Same(Uri address, Uri listener)
    {
        if (address.Port != listener.Port)
        {
            return false;
        }

        var host = CanonicalHost(address);
        var listenerHost = CanonicalHost(listener);
        return host == listenerHost || (listenerHost == Wildcard && host == Loopback);
    }

    private static string CanonicalHost(Uri url) => url.DnsSafeHost.ToLowerInvariant() switch
    {
        "localhost" or "127.0.0.1" or "::1" => Loopback,
        "0.0.0.0" or "::" => Wildcard,
        var other => other,
    };
}
