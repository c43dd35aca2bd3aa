using Mesh.ProxyAgent.Health;
using Mesh.ProxyAgent.LoadBalancing;
using Mesh.ProxyAgent.RateLimiting;
using Mesh.ProxyAgent.Resilience;

namespace Mesh.ProxyAgent.Routing;

/// <summary>The compiled, immutable config of one service, as one version from the control plane.</summary>
internal sealed class AgentServiceSnapshot
{
    public required string Service { get; init; }

    public required long Version { get; init; }

    /// <summary>Tried in order, the first that matches wins (see <see cref="RouteFor"/>).</summary>
    public required IReadOnlyList<RouteSnapshot> Routes { get; init; }

    public required IReadOnlyList<SubsetSnapshot> Subsets { get; init; }

    /// <summary>Every endpoint, healthy or not, in config order.</summary>
    public required IReadOnlyList<EndpointSnapshot> Endpoints { get; init; }

    /// <summary>All healthy endpoints, used when the service has no routes.</summary>
    public required SubsetSnapshot AllEndpoints { get; init; }

    /// <summary>The service policy's load-balancing algorithm (<c>round-robin</c> when it names none).</summary>
    public string LoadBalancer { get; init; } = LoadBalancerCompiler.RoundRobin;

    /// <summary>For <c>consistent-hash</c>: where the key is read.</summary>
    public HashKeySpec? HashOn { get; init; }

    /// <summary>The service's in-flight counts when it is balanced by least request (a lease per attempt), else null.</summary>
    public InFlightTracker? InFlight { get; init; }

    /// <summary>The service policy's circuit breaker, or null for no limits.</summary>
    public CircuitBreakerLimits? CircuitBreaker { get; init; }

    /// <summary>The service policy's outlier detection, or null for none.</summary>
    public OutlierDetectionOptions? OutlierDetection { get; init; }

    /// <summary>The service policy's active health check, probed by this service's own instances' proxies; null for none.</summary>
    public HealthCheckSpec? HealthCheck { get; init; }

    /// <summary>The service policy's inbound rate limit, enforced by this service's own instances' proxies; null for none.</summary>
    public RateLimitSpec? RateLimit { get; init; }

    /// <summary>Whether any route retries, so requests to the service are counted in its retry budget.</summary>
    public bool HasRetries { get; init; }

    /// <summary>The first route whose match holds for <paramref name="request"/>, or null when none does.</summary>
    public RouteSnapshot? RouteFor(HttpRequest request)
    {
        foreach (var route in Routes)
        {
            if (route.Matcher.MatchesEverything || route.Matcher.Matches(request))
            {
                return route;
            }
        }

        return null;
    }
}
