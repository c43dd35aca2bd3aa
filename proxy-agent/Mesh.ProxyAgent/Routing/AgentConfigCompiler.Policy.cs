using Mesh.Protos.Discovery.V1;
using Mesh.ProxyAgent.RateLimiting;

namespace Mesh.ProxyAgent.Routing;

/// <summary>The service policy's ranges; its parts are plain values, built with the snapshot once the config is sound.</summary>
internal static partial class AgentConfigCompiler
{
    private static void CheckPolicy(ServicePolicy? policy, List<string> errors)
    {
        if (policy is null)
        {
            return;
        }

        if (LoadBalancerCompiler.Problem(policy.LoadBalancer) is { } problem)
        {
            errors.Add(problem);
        }

        if (policy.OutlierDetection is { } outliers
            && (outliers.Consecutive5Xx < 1 || outliers.BaseEjectionMs <= 0 || outliers.IntervalMs < 0 || outliers.MaxEjectionPercent is < 0 or > 100))
        {
            errors.Add(
                $"the service policy's outlier detection (consecutive_5xx {outliers.Consecutive5Xx}, base_ejection_ms {outliers.BaseEjectionMs}, "
                + $"interval_ms {outliers.IntervalMs}, max_ejection_percent {outliers.MaxEjectionPercent}) needs consecutive_5xx of 1 or more, "
                + "base_ejection_ms above 0, interval_ms of 0 or more and max_ejection_percent from 0 to 100");
        }

        if (policy.CircuitBreaker is { } breaker && (breaker.MaxConcurrentRequests < 1 || breaker.MaxPendingRequests < 0))
        {
            errors.Add(
                $"the service policy's circuit breaker allows {breaker.MaxConcurrentRequests} requests in flight and {breaker.MaxPendingRequests} waiting; "
                + "it must allow 1 or more in flight and 0 or more waiting");
        }

        // The health check (probed by each of the service's own instances' proxies) and the inbound rate limit apply
        // only on the service's own proxies; callers' proxies ignore them but still refuse a config that states them badly.
        if (policy.HealthCheck is { } check
            && (!check.Path.StartsWith('/') || check.IntervalMs < 1 || check.UnhealthyThreshold < 1 || check.HealthyThreshold < 1))
        {
            errors.Add(
                $"the service policy's health check (path '{check.Path}', interval_ms {check.IntervalMs}, unhealthy_threshold {check.UnhealthyThreshold}, "
                + $"healthy_threshold {check.HealthyThreshold}) needs a path starting with '/', interval_ms of 1 or more and thresholds of 1 or more");
        }

        if (policy.RateLimit is { } limit
            && (limit.RequestsPerSecond < 1 || limit.Burst < 1 || RateLimitScopes.Parse(limit.Scope) is null))
        {
            errors.Add(
                $"the service policy's rate limit (requests_per_second {limit.RequestsPerSecond}, burst {limit.Burst}, scope '{limit.Scope}') needs "
                + "requests_per_second and burst of 1 or more and a scope of instance or service");
        }
    }
}
