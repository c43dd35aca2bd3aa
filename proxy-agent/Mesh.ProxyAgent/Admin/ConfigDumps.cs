using Mesh.ProxyAgent.ControlPlane;
using Mesh.ProxyAgent.Health;
using Mesh.ProxyAgent.Hosting;
using Mesh.ProxyAgent.RateLimiting;
using Mesh.ProxyAgent.Routing;

namespace Mesh.ProxyAgent.Admin;

/// <summary>Renders the configs in force as a <see cref="ConfigDump"/>, services in name order.</summary>
public static class ConfigDumps
{
    public static ConfigDump Create(ProxyAgentOptions options, IReadOnlyDictionary<string, AgentServiceSnapshot> services, SessionState session, AppHealth? health = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(session);
        return new ConfigDump
        {
            ProxyId = options.ProxyId,
            Service = options.Service,
            Silo = session.Silo,
            Connected = session.Connected,
            ControlPlane = session.ControlPlane.Select(u => u.AbsoluteUri).ToArray(),
            Health = health is null || options.AppUrl is null ? null : new HealthDump { Healthy = health.Healthy, Detail = health.Detail },
            Services = services.Values.OrderBy(s => s.Service, StringComparer.Ordinal).Select(Dump).ToArray(),
            Sources = options.CacheDir is null
                ? null
                : services.Values.OrderBy(s => s.Service, StringComparer.Ordinal)
                    .Select(s => new ConfigDumpSource { Service = s.Service, Version = s.Version, Source = session.IsFromCache(s) ? ConfigDumpSource.Cache : ConfigDumpSource.ControlPlane })
                    .ToArray(),
        };
    }

    private static ServiceDump Dump(AgentServiceSnapshot snapshot) => new()
    {
        Service = snapshot.Service,
        Version = snapshot.Version,
        Routes = snapshot.Routes.Select(Dump).ToArray(),
        Endpoints = snapshot.Endpoints.Select(e => new EndpointDump { Id = e.Id, Address = e.Address, Labels = e.Labels, Healthy = e.Healthy }).ToArray(),
        Subsets = snapshot.Subsets.Select(s => new SubsetDump { Name = s.Name, Labels = s.Labels }).ToArray(),
        LoadBalancer = snapshot.LoadBalancer == LoadBalancerCompiler.RoundRobin
            ? null
            : new LoadBalancerDump
            {
                Algorithm = snapshot.LoadBalancer,
                HashOn = snapshot.HashOn is { } hashOn && snapshot.LoadBalancer == LoadBalancerCompiler.ConsistentHash
                    ? new HashOnDump { Header = hashOn.Header, Cookie = hashOn.Cookie }
                    : null,
            },
        CircuitBreaker = snapshot.CircuitBreaker is { } breaker
            ? new CircuitBreakerDump { MaxConcurrentRequests = breaker.MaxConcurrentRequests, MaxPendingRequests = breaker.MaxPendingRequests }
            : null,
        OutlierDetection = snapshot.OutlierDetection is { } outliers
            ? new OutlierDetectionDump
            {
                Consecutive5xx = outliers.Consecutive5xx,
                Interval = DurationText.Format(outliers.Interval),
                BaseEjectionTime = DurationText.Format(outliers.BaseEjectionTime),
                MaxEjectionPercent = outliers.MaxEjectionPercent,
            }
            : null,
        HealthCheck = snapshot.HealthCheck is { } check
            ? new HealthCheckDump
            {
                Path = check.Path,
                Interval = DurationText.Format(check.Interval),
                UnhealthyThreshold = check.UnhealthyThreshold,
                HealthyThreshold = check.HealthyThreshold,
            }
            : null,
        RateLimit = snapshot.RateLimit is { } limit
            ? new RateLimitDump { RequestsPerSecond = limit.Quota.RequestsPerSecond, Burst = limit.Quota.Burst, Scope = RateLimitScopes.Name(limit.Scope) }
            : null,
    };

    private static RouteDump Dump(RouteSnapshot route) => new()
    {
        Name = route.Name,
        Match = route.Match is null ? null : RouteMatchDump.From(route.Match),
        Destinations = route.Destinations.Select(d => new DestinationDump { Subset = d.Subset.Name, Weight = d.Weight }).ToArray(),
        Timeout = route.Timeout is { } timeout ? DurationText.Format(timeout) : null,
        Retries = route.Retries is { } retries
            ? new RetriesDump
            {
                Attempts = retries.Policy.Attempts,
                PerTryTimeout = retries.PerTryTimeout is { } perTry ? DurationText.Format(perTry) : null,
                RetryOn = retries.RetryOn,
            }
            : null,
        Fault = route.Fault is null ? null : FaultDump.From(route.Fault),
        Mirror = route.Mirror is { } mirror ? new MirrorDump { Subset = mirror.Subset.Name, Percent = mirror.Percent } : null,
    };
}
