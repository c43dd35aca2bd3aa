using Mesh.Model;
using Mesh.Model.Registry;
using Mesh.Protos.Discovery.V1;

namespace Mesh.Silo.Translation;

/// <summary>Translates a validated service policy into the proxy API's form (durations in milliseconds).</summary>
internal static class ServicePolicyCompiler
{
    /// <summary>The compiled policy, or <c>null</c> when it sets nothing beyond subsets (round robin, no limits).</summary>
    public static ServicePolicy? Compile(ServiceSettings settings)
    {
        if (settings is { LoadBalancer: null, CircuitBreaker: null, OutlierDetection: null, HealthCheck: null, RateLimit: null })
        {
            return null;
        }

        var policy = new ServicePolicy();
        if (settings.LoadBalancer is { } lb)
        {
            policy.LoadBalancer = new LoadBalancer { Algorithm = lb.Algorithm ?? LoadBalancerAlgorithms.Default, HashHeader = lb.HashOn?.Header ?? "", HashCookie = lb.HashOn?.Cookie ?? "" };
        }

        if (settings.CircuitBreaker is { } cb)
        {
            policy.CircuitBreaker = new CircuitBreaker { MaxConcurrentRequests = cb.MaxConcurrentRequests ?? 0, MaxPendingRequests = cb.MaxPendingRequests ?? 0 };
        }

        if (settings.OutlierDetection is { } od)
        {
            policy.OutlierDetection = new OutlierDetection
            {
                Consecutive5Xx = od.Consecutive5xx ?? OutlierDetectionPolicy.DefaultConsecutive5xx,
                IntervalMs = Durations.ToMilliseconds(od.Interval ?? OutlierDetectionPolicy.DefaultInterval),
                BaseEjectionMs = Durations.ToMilliseconds(od.BaseEjectionTime ?? OutlierDetectionPolicy.DefaultBaseEjectionTime),
                MaxEjectionPercent = od.MaxEjectionPercent ?? OutlierDetectionPolicy.DefaultMaxEjectionPercent,
            };
        }

        if (settings.HealthCheck is { } hc)
        {
            policy.HealthCheck = new HealthCheck
            {
                Path = hc.Path ?? "/",
                IntervalMs = Durations.ToMilliseconds(hc.Interval ?? HealthCheckPolicy.DefaultInterval),
                UnhealthyThreshold = hc.UnhealthyThreshold ?? HealthCheckPolicy.DefaultUnhealthyThreshold,
                HealthyThreshold = hc.HealthyThreshold ?? HealthCheckPolicy.DefaultHealthyThreshold,
            };
        }

        if (settings.RateLimit is { } rl)
        {
            // Without a burst, a full bucket holds one second of requests.
            policy.RateLimit = new RateLimit { RequestsPerSecond = rl.RequestsPerSecond ?? 0, Burst = rl.Burst ?? rl.RequestsPerSecond ?? 0, Scope = rl.Scope ?? RateLimitPolicy.InstanceScope };
        }

        return policy;
    }
}
