using Mesh.ProxyAgent.Admin;
using Mesh.ProxyAgent.ControlPlane;
using Mesh.ProxyAgent.Forwarding;
using Mesh.ProxyAgent.Health;
using Mesh.ProxyAgent.Telemetry;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Mesh.ProxyAgent.Hosting;

/// <summary>Composes the agent: listeners, control-plane client, data plane, metrics and admin endpoints.</summary>
internal static class ProxyAgentExtensions
{
    /// <summary>Time for in-flight requests to finish once the listeners stop, after the drain.</summary>
    private static readonly TimeSpan ShutdownGrace = TimeSpan.FromSeconds(30);

    public static WebApplicationBuilder AddProxyAgent(this WebApplicationBuilder builder, ProxyAgentOptions options)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(options);
        builder.ListenOnMeshUrls(options);
        builder.Services.AddSingleton(options);
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = options.Drain + ShutdownGrace);
        builder.Services
            .AddControlPlane()
            .AddMeshForwarding()
            .AddActiveHealthChecks()
            .AddMeshTelemetry()
            .AddMeshAdmin();
        return builder;
    }

    public static WebApplication MapProxyAgent(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.UseListenerDispatch();
        app.UseRouting();
        app.MapMeshAdmin();
        return app;
    }
}
