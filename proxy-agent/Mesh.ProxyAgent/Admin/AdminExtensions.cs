using Mesh.ProxyAgent.ControlPlane;
using Mesh.ProxyAgent.Health;
using Mesh.ProxyAgent.Hosting;
using Mesh.ProxyAgent.Routing;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Mesh.ProxyAgent.Admin;

/// <summary>
/// The admin listener's endpoints: <c>/ready</c>, <c>/config_dump</c>, <c>/metrics</c>, <c>/health</c> and
/// <c>/alive</c>. They are reachable only through the admin port (see the listener dispatch).
/// </summary>
internal static class AdminExtensions
{
    private const string Live = "live";

    public static IServiceCollection AddMeshAdmin(this IServiceCollection services)
    {
        services.AddHealthChecks().AddCheck("self", () => HealthCheckResult.Healthy(), [Live]);
        return services;
    }

    public static IEndpointRouteBuilder MapMeshAdmin(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/ready", (ProxyAgentOptions options, RoutingTable table, ControlPlaneStatus status) =>
        {
            var report = Readiness.Evaluate(options.Upstreams, table.Services, status.State);
            return Results.Text(report.Detail, statusCode: report.Ready ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable);
        });
        endpoints.MapGet("/config_dump", (ProxyAgentOptions options, RoutingTable table, ControlPlaneStatus status, InstanceHealth health) =>
            Results.Bytes(ConfigDumpWriter.Write(options, table.Services, status.State, health.Current), "application/json; charset=utf-8"));
        endpoints.MapPrometheusScrapingEndpoint();
        endpoints.MapHealthChecks("/health");
        endpoints.MapHealthChecks("/alive", new() { Predicate = r => r.Tags.Contains(Live) });
        return endpoints;
    }
}
