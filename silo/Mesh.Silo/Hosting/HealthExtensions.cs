using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Mesh.Silo.Hosting;

/// <summary><c>/alive</c>: the process answers; <c>/health</c>: the silo is an active member of the cluster.</summary>
internal static class HealthExtensions
{
    private const string Live = "live";

    public static WebApplicationBuilder AddMeshHealth(this WebApplicationBuilder builder)
    {
        builder.Services.AddHealthChecks()
            .AddCheck("self", () => HealthCheckResult.Healthy(), [Live])
            .AddCheck<SiloActiveHealthCheck>("silo");
        return builder;
    }

    public static WebApplication MapMeshHealth(this WebApplication app)
    {
        app.MapHealthChecks("/health");
        app.MapHealthChecks("/alive", new() { Predicate = r => r.Tags.Contains(Live) });
        return app;
    }
}
