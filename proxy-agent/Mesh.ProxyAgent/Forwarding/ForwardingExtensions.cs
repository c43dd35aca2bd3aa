using System.Diagnostics;
using System.Net;
using Mesh.ProxyAgent.Mirroring;
using Mesh.ProxyAgent.RateLimiting;
using Mesh.ProxyAgent.Resilience;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Yarp.ReverseProxy.Forwarder;

namespace Mesh.ProxyAgent.Forwarding;

/// <summary>The data plane: YARP's bare forwarder over one shared connection pool, dispatched by listener port.</summary>
internal static class ForwardingExtensions
{
    public static IServiceCollection AddMeshForwarding(this IServiceCollection services)
    {
        services.AddHttpForwarder();
        services.AddSingleton(_ => new HttpMessageInvoker(new SocketsHttpHandler
        {
            UseProxy = false,
            AllowAutoRedirect = false,
            AutomaticDecompression = DecompressionMethods.None,
            UseCookies = false,
            EnableMultipleHttp2Connections = true,
            ConnectTimeout = TimeSpan.FromSeconds(5),
            ActivityHeadersPropagator = new ReverseProxyPropagator(DistributedContextPropagator.Current),
        }));
        services.AddSingleton(sp => new RequestMirror(
            sp.GetRequiredService<HttpMessageInvoker>(), sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILogger<RequestMirror>>()));
        services.TryAddSingleton(new RetryBudgetOptions());
        services.AddSingleton<RetryBudgets>();
        services.AddSingleton<CircuitBreakers>();
        services.AddSingleton<OutlierDetectors>();
        services.AddSingleton<ListenerMap>();
        services.AddSingleton<OutboundForwarder>();
        services.AddSingleton<InboundRateLimiter>();
        services.AddSingleton<InboundForwarder>();
        return services;
    }

    /// <summary>Outbound and inbound requests end here; only admin requests go on to routing.</summary>
    public static IApplicationBuilder UseListenerDispatch(this IApplicationBuilder app) => app.UseMiddleware<ListenerDispatchMiddleware>();
}
