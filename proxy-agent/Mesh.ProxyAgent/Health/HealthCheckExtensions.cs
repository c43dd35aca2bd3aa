namespace Mesh.ProxyAgent.Health;

/// <summary>The active health check of the local app and its reporting to the silo.</summary>
internal static class HealthCheckExtensions
{
    public static IServiceCollection AddActiveHealthChecks(this IServiceCollection services)
    {
        services.AddSingleton<InstanceHealth>();
        services.AddHostedService<AppHealthProber>();
        return services;
    }
}
