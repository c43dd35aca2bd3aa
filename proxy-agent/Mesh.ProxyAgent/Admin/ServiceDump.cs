using System.Text.Json.Serialization;

namespace Mesh.ProxyAgent.Admin;

/// <summary>One service's config in force, with routes in the Rules API's shape.</summary>
public sealed record ServiceDump
{
    public required string Service { get; init; }

    public required long Version { get; init; }

    public required IReadOnlyList<RouteDump> Routes { get; init; }

    public required IReadOnlyList<EndpointDump> Endpoints { get; init; }

    public required IReadOnlyList<SubsetDump> Subsets { get; init; }

    /// <summary>The service policy's load balancer; left out for the default, round robin.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public LoadBalancerDump? LoadBalancer { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public CircuitBreakerDump? CircuitBreaker { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public OutlierDetectionDump? OutlierDetection { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public HealthCheckDump? HealthCheck { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public RateLimitDump? RateLimit { get; init; }
}
