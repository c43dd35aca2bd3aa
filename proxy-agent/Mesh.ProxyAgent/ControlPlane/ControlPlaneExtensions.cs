using Mesh.ProxyAgent.Caching;
using Mesh.ProxyAgent.LoadBalancing;
using Mesh.ProxyAgent.Routing;

namespace Mesh.ProxyAgent.ControlPlane;

/// <summary>The control-plane client, the config state it feeds, and the config cache that stands in for it.</summary>
internal static class ControlPlaneExtensions
{
    public static IServiceCollection AddControlPlane(this IServiceCollection services)
    {
        services.AddSingleton<ControlPlaneTimings>();
        services.AddSingleton<RoutingTable>();
        services.AddSingleton<ListenerLoopGuard>();
        services.AddSingleton<InFlightTrackers>();
        services.AddSingleton<ConfigPushHandler>();
        services.AddSingleton<ConfigCache>();
        services.AddSingleton<ConfigCacheWriter>();
        services.AddHostedService(sp => sp.GetRequiredService<ConfigCacheWriter>());
        services.AddSingleton<CacheRestore>();
        services.AddSingleton<ControlPlaneStatus>();
        services.AddSingleton<WatchRegistry>();
        services.AddSingleton<ServiceDemand>();
        services.AddHostedService<ControlPlaneClient>();
        return services;
    }
}
