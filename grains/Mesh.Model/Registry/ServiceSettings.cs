namespace Mesh.Model.Registry;

/// <summary>
/// The service policy (<c>PUT /api/v1/services/{service}/policy</c>): subsets and the service-level traffic settings
/// callers' proxies apply. Every field is optional; a service without a policy uses round robin and no limits, and
/// subset <c>vX</c> selects the endpoints whose label <c>version</c> is <c>vX</c>.
/// </summary>
[GenerateSerializer, Immutable, Alias("mesh.ServiceSettings")]
public sealed record ServiceSettings
{
    [Id(0)] public IReadOnlyList<SubsetDefinition> Subsets { get; init; } = [];

    [Id(1)] public LoadBalancerPolicy? LoadBalancer { get; init; }

    [Id(2)] public CircuitBreakerPolicy? CircuitBreaker { get; init; }

    [Id(3)] public OutlierDetectionPolicy? OutlierDetection { get; init; }

    [Id(4)] public HealthCheckPolicy? HealthCheck { get; init; }

    [Id(5)] public RateLimitPolicy? RateLimit { get; init; }

    public static ServiceSettings Default { get; } = new();
}
