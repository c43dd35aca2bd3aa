using System.Net;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace Mesh.ProxyAgent.Hosting;

/// <summary>Kestrel listens on the three URLs; the listener dispatch tells them apart by local port.</summary>
internal static class ListenerExtensions
{
    public static WebApplicationBuilder ListenOnMeshUrls(this WebApplicationBuilder builder, ProxyAgentOptions options)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(options);
        // Kestrel's own socket reads and pipe continuations inline too, when the process runs socket completions inline.
        builder.WebHost.UseSockets(sockets => sockets.UnsafePreferInlineScheduling = SocketScheduling.Inline);
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            Listen(kestrel, options.OutboundUrl);
            Listen(kestrel, options.InboundUrl);
            Listen(kestrel, options.AdminUrl);
        });
        return builder;
    }

    /// <summary>Plain HTTP/1.1: without TLS there is no ALPN, so one port cannot offer both HTTP/1.1 and h2c.</summary>
    private static void Listen(KestrelServerOptions kestrel, Uri url)
    {
        if (IPAddress.TryParse(url.DnsSafeHost, out var address))
        {
            kestrel.Listen(address, url.Port, o => o.Protocols = HttpProtocols.Http1);
        }
        else
        {
            kestrel.ListenLocalhost(url.Port, o => o.Protocols = HttpProtocols.Http1);
        }
    }
}
