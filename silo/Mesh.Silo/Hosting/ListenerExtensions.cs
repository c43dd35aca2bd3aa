using System.Net;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace Mesh.Silo.Hosting;

/// <summary>
/// The silo's two listeners: the Rules API (HTTP/1.1) on <c>Mesh:ApiUrl</c> and the proxy API (HTTP/2 cleartext;
/// without TLS Kestrel cannot offer both on one port) on <c>Mesh:DiscoveryUrl</c>. Requests are kept to their
/// listener by the local port they arrived on, never by the Host header, which a client chooses.
/// </summary>
internal static class ListenerExtensions
{
    /// <summary>Path prefix of the gRPC discovery service.</summary>
    public const string DiscoveryPathPrefix = "/mesh.discovery.v1.Discovery/";

    public static WebApplicationBuilder ListenOnMeshUrls(this WebApplicationBuilder builder, MeshSiloOptions options)
    {
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            Listen(kestrel, options.ApiUrl, HttpProtocols.Http1);
            Listen(kestrel, options.DiscoveryUrl, HttpProtocols.Http2);
        });
        return builder;
    }

    /// <summary>404 for a discovery call on the API port and for anything but discovery on the discovery port.</summary>
    public static WebApplication UseListenerSeparation(this WebApplication app, MeshSiloOptions options)
    {
        var discoveryPort = options.DiscoveryUrl.Port;
        app.Use((context, next) =>
        {
            var isDiscovery = context.Request.Path.StartsWithSegments(DiscoveryPathPrefix.TrimEnd('/'), StringComparison.Ordinal);
            if (isDiscovery != (context.Connection.LocalPort == discoveryPort))
            {
                context.Response.StatusCode = StatusCodes.Status404NotFound;
                return Task.CompletedTask;
            }

            return next(context);
        });
        return app;
    }

    private static void Listen(KestrelServerOptions kestrel, Uri url, HttpProtocols protocols)
    {
        if (url.Scheme != Uri.UriSchemeHttp)
        {
            throw new InvalidOperationException($"{url} must be an http:// URL (TLS is terminated in front of the silo)");
        }

        Action<ListenOptions> configure = o => o.Protocols = protocols;
        if (url.Host is "localhost")
        {
            kestrel.ListenLocalhost(url.Port, configure);
        }
        else if (url.Host is "*" or "+" or "0.0.0.0")
        {
            kestrel.ListenAnyIP(url.Port, configure);
        }
        else
        {
            kestrel.Listen(IPAddress.Parse(url.Host.Trim('[', ']')), url.Port, configure);
        }
    }
}
