using Mesh.Demo.Frontend.Traffic;

namespace Mesh.Demo.Frontend.Hosting;

/// <summary>
/// Composes the frontend: the backend client (through this app's proxy), the counters, the background traffic,
/// <c>GET /stats</c>, <c>GET /</c> (one call to the backend per request) and the health probes.
/// </summary>
public static class FrontendExtensions
{
    private static readonly TimeSpan CallTimeout = TimeSpan.FromSeconds(10);

    public static WebApplicationBuilder AddFrontend(this WebApplicationBuilder builder)
    {
        var options = FrontendOptions.From(builder.Configuration);
        builder.Services.AddSingleton(options);
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<TrafficCounters>();
        builder.Services.AddHttpClient<BackendClient>(http => http.Timeout = CallTimeout)
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { UseProxy = false, PooledConnectionLifetime = TimeSpan.FromMinutes(5) });
        builder.Services.AddHostedService<TrafficGenerator>();
        builder.Services.AddHealthChecks();
        return builder;
    }

    public static WebApplication MapFrontend(this WebApplication app)
    {
        app.MapHealthChecks("/health");
        app.MapHealthChecks("/alive");
        app.MapGet("/stats", (TrafficCounters counters) => Results.Ok(counters.Snapshot()));
        app.MapGet("/", async (BackendClient backend, CancellationToken cancellationToken) =>
        {
            var call = await backend.CallAsync(cancellationToken);
            return Results.Json(new { frontend = "ok", backend = call }, statusCode: call.Succeeded ? StatusCodes.Status200OK : StatusCodes.Status502BadGateway);
        });
        return app;
    }
}
