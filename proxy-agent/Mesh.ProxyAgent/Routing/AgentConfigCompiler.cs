using Mesh.Protos.Discovery.V1;
using Mesh.ProxyAgent.FaultInjection;
using Mesh.ProxyAgent.Health;
using Mesh.ProxyAgent.LoadBalancing;
using Mesh.ProxyAgent.Matching;
using Mesh.ProxyAgent.RateLimiting;
using Mesh.ProxyAgent.Resilience;
using RetryPolicy = Mesh.ProxyAgent.Resilience.RetryPolicy;
using Route = Mesh.Protos.Discovery.V1.Route;

namespace Mesh.ProxyAgent.Routing;

/// <summary>Turns a pushed <see cref="ServiceConfig"/> into the immutable snapshot the data plane reads.</summary>
public static class AgentConfigCompiler
{
    /// <param name="inFlight">
    /// The service's in-flight counts for a least-request policy; they must outlive the config version, so pass the
    /// proxy's own (a fresh one when null, for tests).
    /// </param>
    public static CompileResult Compile(ServiceConfig config, ListenerLoopGuard loopGuard, InFlightTracker? inFlight = null)
    {
        var errors = ServiceConfigValidator.Validate(config, loopGuard);
        if (errors.Count > 0)
        {
            return new CompileResult { Error = string.Join("; ", errors) };
        }

        var endpoints = config.Endpoints.Select(e => new EndpointSnapshot
        {
            Id = e.Id,
            Address = e.Address,
            DestinationPrefix = ServiceConfigValidator.ParseAddress(e.Address)!.AbsoluteUri,
            Labels = e.Labels.ToDictionary(l => l.Key, l => l.Value, StringComparer.Ordinal),
            Healthy = e.Healthy,
        }).ToArray();
        var healthy = endpoints.Where(e => e.Healthy).ToArray();

        var balancer = config.Policy?.LoadBalancer;
        inFlight ??= new InFlightTracker();
        var subsets = config.Subsets.Select(s => CompileSubset(s.Name, s.Labels, healthy, balancer, inFlight)).ToArray();
        var byName = subsets.ToDictionary(s => s.Name, StringComparer.Ordinal);
        var routes = config.Routes.Select(r => CompileRoute(r, byName)).ToArray();

        return new CompileResult
        {
            Snapshot = new AgentServiceSnapshot
            {
                Service = config.Service,
                Version = config.Version,
                Routes = routes,
                Subsets = subsets,
                Endpoints = endpoints,
                AllEndpoints = CompileSubset("", new Dictionary<string, string>(), healthy, balancer, inFlight),
                LoadBalancer = LoadBalancerCompiler.AlgorithmOf(balancer),
                HashOn = balancer is null ? null : new HashKeySpec(NullIfEmpty(balancer.HashHeader), NullIfEmpty(balancer.HashCookie)),
                InFlight = LoadBalancerCompiler.AlgorithmOf(balancer) == LoadBalancerCompiler.LeastRequest ? inFlight : null,
                HasRetries = routes.Any(r => r.Retries is not null),
                OutlierDetection = config.Policy?.OutlierDetection is { } outliers
                    ? new OutlierDetectionOptions
                    {
                        Consecutive5xx = outliers.Consecutive5Xx,
                        Interval = TimeSpan.FromMilliseconds(outliers.IntervalMs),
                        BaseEjectionTime = TimeSpan.FromMilliseconds(outliers.BaseEjectionMs),
                        MaxEjectionPercent = outliers.MaxEjectionPercent,
                    }
                    : null,
                CircuitBreaker = config.Policy?.CircuitBreaker is { } breaker
                    ? new CircuitBreakerLimits(breaker.MaxConcurrentRequests, breaker.MaxPendingRequests)
                    : null,
                HealthCheck = config.Policy?.HealthCheck is { } check
                    ? new HealthCheckSpec(check.Path, TimeSpan.FromMilliseconds(check.IntervalMs), check.UnhealthyThreshold, check.HealthyThreshold)
                    : null,
                RateLimit = config.Policy?.RateLimit is { } limit
                    ? new RateLimitSpec(new RateLimitQuota(limit.RequestsPerSecond, limit.Burst), RateLimitScopes.Parse(limit.Scope)!.Value)
                    : null,
            },
        };
    }

    /// <summary>Compiles a validated route (so its match is known to compile).</summary>
    private static RouteSnapshot CompileRoute(Route route, Dictionary<string, SubsetSnapshot> subsets)
    {
        var match = RouteMatchTranslator.ToSpec(route.Match);
        return new RouteSnapshot(route.Name, route.Destinations.Select(d => new WeightedSubset(subsets[d.Subset], d.Weight)).ToArray())
        {
            Match = match,
            Matcher = RequestMatcher.Create(match),
            Timeout = route.TimeoutMs > 0 ? TimeSpan.FromMilliseconds(route.TimeoutMs) : null,
            Fault = route.Fault is { } fault
                ? new FaultPlan(fault.DelayPercent, TimeSpan.FromMilliseconds(fault.DelayMs), fault.AbortPercent, fault.AbortStatus)
                : null,
            Mirror = route.Mirror is { } mirror ? new MirrorSnapshot(subsets[mirror.Subset], mirror.Percent) : null,
            Retries = route.Retries is { } retries ? CompileRetries(retries) : null,
        };
    }

    private static RetrySnapshot CompileRetries(Protos.Discovery.V1.RetryPolicy retries)
    {
        var conditions = RetryOn.None;
        foreach (var name in retries.RetryOn)
        {
            // Validated: every name parses.
            conditions |= RetryPolicy.TryParseCondition(name, out var condition) ? condition : RetryOn.None;
        }

        return new RetrySnapshot(
            new RetryPolicy(retries.Attempts, conditions),
            retries.PerTryTimeoutMs > 0 ? TimeSpan.FromMilliseconds(retries.PerTryTimeoutMs) : null,
            retries.RetryOn.ToArray());
    }

    /// <summary>An endpoint belongs to a subset when it carries every one of the subset's labels with the same value.</summary>
    private static SubsetSnapshot CompileSubset(
        string name, IDictionary<string, string> labels, EndpointSnapshot[] healthy, Protos.Discovery.V1.LoadBalancer? balancer, InFlightTracker inFlight)
    {
        var members = healthy.Where(e => labels.All(l => e.Labels.TryGetValue(l.Key, out var value) && value == l.Value)).ToArray();
        return new SubsetSnapshot
        {
            Name = name,
            Labels = labels.ToDictionary(l => l.Key, l => l.Value, StringComparer.Ordinal),
            HealthyEndpoints = members,
            Balancer = LoadBalancerCompiler.Create(balancer, members, inFlight),
        };
    }

    private static string? NullIfEmpty(string value) => value.Length == 0 ? null : value;
}
