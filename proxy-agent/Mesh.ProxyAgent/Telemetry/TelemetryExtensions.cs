using OpenTelemetry.Metrics;

namespace Mesh.ProxyAgent.Telemetry;

/// <summary>Metrics through OpenTelemetry, scraped in Prometheus text format from the admin listener.</summary>
internal static class TelemetryExtensions
{
    public static IServiceCollection AddMeshTelemetry(this IServiceCollection services)
    {
        services.AddSingleton<ProxyMetrics>();
        services.AddOpenTelemetry().WithMetrics(metrics => metrics
            .AddMeter(ProxyMetrics.MeterName)
            .AddPrometheusExporter(o =>
            {
                // Every scrape sees the counts of that moment, and series carry only our labels.
                o.ScrapeResponseCacheDurationMilliseconds = 0;
                o.ScopeInfoEnabled = false;
            }));
        return services;
    }
}
