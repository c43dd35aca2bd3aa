using Mesh.Model.Registry;

namespace Mesh.Silo.Api.Contracts;

/// <summary>
/// The service policy as the Rules API reads and writes it. On a PUT, <see cref="ResourceVersion"/> is optional and
/// acts like <c>If-Match</c>, so a document read with GET can be edited and written back safely.
/// </summary>
internal sealed record ServicePolicyDocument
{
    public long? ResourceVersion { get; init; }

    public IReadOnlyList<SubsetDefinition>? Subsets { get; init; }

    public LoadBalancerPolicy? LoadBalancer { get; init; }

    public CircuitBreakerPolicy? CircuitBreaker { get; init; }

    public OutlierDetectionPolicy? OutlierDetection { get; init; }

    public HealthCheckPolicy? HealthCheck { get; init; }

    public RateLimitPolicy? RateLimit { get; init; }

    public ServiceSettings ToSettings() => new()
    {
        Subsets = Subsets ?? [],
        LoadBalancer = LoadBalancer,
        CircuitBreaker = CircuitBreaker,
        OutlierDetection = OutlierDetection,
        HealthCheck = HealthCheck,
        RateLimit = RateLimit,
    };

    public static ServicePolicyDocument From(long version, ServiceSettings settings) => new()
    {
        ResourceVersion = version,
        Subsets = settings.Subsets,
        LoadBalancer = settings.LoadBalancer,
        CircuitBreaker = settings.CircuitBreaker,
        OutlierDetection = settings.OutlierDetection,
        HealthCheck = settings.HealthCheck,
        RateLimit = settings.RateLimit,
    };
}
