using Mesh.ProxyAgent.LoadBalancing;
using Mesh.ProxyAgent.Routing;

namespace Mesh.ProxyAgent.ControlPlane;

/// <summary>The control-plane client and the config state it feeds.</summary>
public static class ControlPlaneExtensions
{
    public static IServiceCollection AddControlPlane(this IServiceCollection services)
    {
        services.AddSingleton<ControlPlaneTimings>();
        services.AddSingleton<RoutingTable>();
        services.AddSingleton<ListenerLoopGuard>();
        services.AddSingleton<InFlightTrackers>();
        services.AddSingleton<ConfigPushHandler>();
        services.AddSingleton<ControlPlaneStatus>();
        services.AddSingleton<WatchRegistry>();
        services.AddSingleton<ServiceDemand>();
        services.AddHostedService<ControlPlaneClient>();
        return services;
    }
}
