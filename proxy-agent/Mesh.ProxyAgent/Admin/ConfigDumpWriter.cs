using System.Buffers;
using System.Text.Json;
using Mesh.ProxyAgent.ControlPlane;
using Mesh.ProxyAgent.Health;
using Mesh.ProxyAgent.Hosting;
using Mesh.ProxyAgent.RateLimiting;
using Mesh.ProxyAgent.Routing;

namespace Mesh.ProxyAgent.Admin;

/// <summary>
/// Writes <c>/config_dump</c> straight from the snapshots in force: who this proxy is, its session, and every config,
/// services in name order, routes and policy in the Rules API's shape (camelCase, durations such as <c>2s</c>, options
/// a route or policy does not use left out). Written by hand rather than serialized, so no reflection runs and the
/// agent stays Native AOT clean.
/// </summary>
internal static partial class ConfigDumpWriter
{
    public static byte[] Write(ProxyAgentOptions options, IReadOnlyDictionary<string, AgentServiceSnapshot> services, SessionState session, AppHealth? health)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(session);
        var ordered = services.Values.OrderBy(s => s.Service, StringComparer.Ordinal).ToArray();
        var buffer = new ArrayBufferWriter<byte>();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("proxyId", options.ProxyId);
            json.WriteString("service", options.Service);
            json.WriteString("silo", session.Silo);
            json.WriteBoolean("connected", session.Connected);
            json.WriteStartArray("controlPlane");
            foreach (var silo in session.ControlPlane)
            {
                json.WriteStringValue(silo.AbsoluteUri);
            }

            json.WriteEndArray();

            // Left out when the proxy fronts no app: there is no instance to check.
            if (health is not null && options.AppUrl is not null)
            {
                json.WriteStartObject("health");
                json.WriteBoolean("healthy", health.Healthy);
                json.WriteString("detail", health.Detail);
                json.WriteEndObject();
            }

            json.WriteStartArray("services");
            foreach (var service in ordered)
            {
                WriteService(json, service);
            }

            json.WriteEndArray();

            // Only a proxy with a config cache (Mesh:CacheDir) can hold a config that was not pushed in this life.
            if (options.CacheDir is not null)
            {
                json.WriteStartArray("sources");
                foreach (var service in ordered)
                {
                    json.WriteStartObject();
                    json.WriteString("service", service.Service);
                    json.WriteNumber("version", service.Version);
                    json.WriteString("source", session.IsFromCache(service) ? "cache" : "control-plane");
                    json.WriteEndObject();
                }

                json.WriteEndArray();
            }

            json.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    private static void WriteService(Utf8JsonWriter json, AgentServiceSnapshot service)
    {
        json.WriteStartObject();
        json.WriteString("service", service.Service);
        json.WriteNumber("version", service.Version);
        json.WriteStartArray("routes");
        foreach (var route in service.Routes)
        {
            WriteRoute(json, route);
        }

        json.WriteEndArray();
        json.WriteStartArray("endpoints");
        foreach (var endpoint in service.Endpoints)
        {
            json.WriteStartObject();
            json.WriteString("id", endpoint.Id);
            json.WriteString("address", endpoint.Address);
            WriteLabels(json, endpoint.Labels);
            json.WriteBoolean("healthy", endpoint.Healthy);
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteStartArray("subsets");
        foreach (var subset in service.Subsets)
        {
            json.WriteStartObject();
            json.WriteString("name", subset.Name);
            WriteLabels(json, subset.Labels);
            json.WriteEndObject();
        }

        json.WriteEndArray();
        WritePolicy(json, service);
        json.WriteEndObject();
    }

    /// <summary>The service policy's parts in force; the default load balancer, round robin, is left out.</summary>
    private static void WritePolicy(Utf8JsonWriter json, AgentServiceSnapshot service)
    {
        if (service.LoadBalancer != LoadBalancerCompiler.RoundRobin)
        {
            json.WriteStartObject("loadBalancer");
            json.WriteString("algorithm", service.LoadBalancer);
            if (service.HashOn is { } hashOn && service.LoadBalancer == LoadBalancerCompiler.ConsistentHash)
            {
                json.WriteStartObject("hashOn");
                WriteIfSet(json, "header", hashOn.Header);
                WriteIfSet(json, "cookie", hashOn.Cookie);
                json.WriteEndObject();
            }

            json.WriteEndObject();
        }

        if (service.CircuitBreaker is { } breaker)
        {
            json.WriteStartObject("circuitBreaker");
            json.WriteNumber("maxConcurrentRequests", breaker.MaxConcurrentRequests);
            json.WriteNumber("maxPendingRequests", breaker.MaxPendingRequests);
            json.WriteEndObject();
        }

        if (service.OutlierDetection is { } outliers)
        {
            json.WriteStartObject("outlierDetection");
            json.WriteNumber("consecutive5xx", outliers.Consecutive5xx);
            json.WriteString("interval", DurationText.Format(outliers.Interval));
            json.WriteString("baseEjectionTime", DurationText.Format(outliers.BaseEjectionTime));
            json.WriteNumber("maxEjectionPercent", outliers.MaxEjectionPercent);
            json.WriteEndObject();
        }

        if (service.HealthCheck is { } check)
        {
            json.WriteStartObject("healthCheck");
            json.WriteString("path", check.Path);
            json.WriteString("interval", DurationText.Format(check.Interval));
            json.WriteNumber("unhealthyThreshold", check.UnhealthyThreshold);
            json.WriteNumber("healthyThreshold", check.HealthyThreshold);
            json.WriteEndObject();
        }

        if (service.RateLimit is { } limit)
        {
            json.WriteStartObject("rateLimit");
            json.WriteNumber("requestsPerSecond", limit.Quota.RequestsPerSecond);
            json.WriteNumber("burst", limit.Quota.Burst);
            json.WriteString("scope", RateLimitScopes.Name(limit.Scope));
            json.WriteEndObject();
        }
    }

    private static void WriteLabels(Utf8JsonWriter json, IReadOnlyDictionary<string, string> labels)
    {
        json.WriteStartObject("labels");
        foreach (var (key, value) in labels)
        {
            json.WriteString(key, value);
        }

        json.WriteEndObject();
    }

    private static void WriteIfSet(Utf8JsonWriter json, string name, string? value)
    {
        if (value is not null)
        {
            json.WriteString(name, value);
        }
    }
}
