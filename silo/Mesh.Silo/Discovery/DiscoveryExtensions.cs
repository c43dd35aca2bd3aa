using Mesh.Silo.Push;

namespace Mesh.Silo.Discovery;

/// <summary>Registers and maps the proxy API and the push machinery behind it.</summary>
internal static class DiscoveryExtensions
{
    public static WebApplicationBuilder AddDiscovery(this WebApplicationBuilder builder)
    {
        var options = DiscoveryOptions.From(builder.Configuration);
        builder.Services.AddSingleton(options);
        builder.Services.AddGrpc(o =>
        {
            o.MaxReceiveMessageSize = options.MaxMessageBytes;
            o.EnableDetailedErrors = false;
        });
        builder.Services.AddSingleton<IServiceDocuments, GrainServiceDocuments>();
        builder.Services.AddSingleton<ServiceWatchRegistry>();
        builder.Services.AddSingleton<SidecarLeases>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<SidecarLeases>());
        builder.Services.AddHostedService<WatchReconciler>();
        builder.Services.AddSingleton<SyncReporter>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<SyncReporter>());
        builder.Services.AddHostedService<Cluster.SiloDirectoryRegistration>();
        builder.Services.AddSingleton<LocalSessions>();
        builder.Services.AddSingleton<Cluster.ControlPlaneView>();
        builder.Services.AddSingleton(Cluster.RebalanceOptions.From(builder.Configuration));
        builder.Services.AddHostedService<Cluster.SessionBalancer>();
        return builder;
    }

    public static WebApplication MapDiscovery(this WebApplication app)
    {
        app.MapGrpcService<DiscoveryService>();
        return app;
    }
}
