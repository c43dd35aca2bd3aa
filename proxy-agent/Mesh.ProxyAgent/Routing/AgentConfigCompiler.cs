using Mesh.Protos.Discovery.V1;
using Mesh.ProxyAgent.Health;
using Mesh.ProxyAgent.LoadBalancing;
using Mesh.ProxyAgent.RateLimiting;
using Mesh.ProxyAgent.Resilience;
using Endpoint = Mesh.Protos.Discovery.V1.Endpoint;

namespace Mesh.ProxyAgent.Routing;

/// <summary>
/// Turns a pushed <see cref="ServiceConfig"/> into the immutable snapshot the data plane reads, in one walk that
/// checks each part as it compiles it. Every problem is reported, each naming its route, subset or endpoint; a config
/// with any problem yields no snapshot, so it is Nacked and the last good one stays in force.
/// </summary>
internal static partial class AgentConfigCompiler
{
    /// <param name="inFlight">
    /// The service's in-flight counts for a least-request policy; they must outlive the config version, so pass the
    /// proxy's own (a fresh one when null, for tests).
    /// </param>
    public static CompileResult Compile(ServiceConfig config, ListenerLoopGuard loopGuard, InFlightTracker? inFlight = null)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(loopGuard);

        // Errors are reported in config order (service, subsets, routes, endpoints, policy), but routes link to
        // subsets built from the endpoints under the policy's balancer, so those parts are compiled first and their
        // errors appended after the routes'.
        var errors = new List<string>();
        if (string.IsNullOrEmpty(config.Service))
        {
            errors.Add("the config names no service");
        }

        var endpointErrors = new List<string>();
        var endpoints = config.Endpoints.Select((e, i) => CompileEndpoint(e, i, loopGuard, endpointErrors)).ToArray();
        var policyErrors = new List<string>();
        CheckPolicy(config.Policy, policyErrors);

        var healthy = endpoints.OfType<EndpointSnapshot>().Where(e => e.Healthy).ToArray();
        // A policy in error may name a balancer that cannot be built: the subsets are then built round robin, only
        // so that routes can name them (the snapshot is not used).
        var balancer = policyErrors.Count == 0 ? config.Policy?.LoadBalancer : null;
        inFlight ??= new InFlightTracker();
        var subsets = config.Subsets.Select(s => CompileSubset(s.Name, s.Labels, healthy, balancer, inFlight)).ToArray();
        var byName = CheckSubsets(subsets, errors);
        var routes = config.Routes.Select((r, i) => CompileRoute(r, i, byName, errors)).ToArray();
        errors.AddRange(endpointErrors);
        errors.AddRange(policyErrors);
        if (errors.Count > 0)
        {
            return new CompileResult { Errors = errors };
        }

        var algorithm = LoadBalancerCompiler.AlgorithmOf(balancer);
        return new CompileResult
        {
            Snapshot = new AgentServiceSnapshot
            {
                Service = config.Service,
                Version = config.Version,
                Routes = routes!,
                Subsets = subsets,
                Endpoints = endpoints!,
                AllEndpoints = CompileSubset("", new Dictionary<string, string>(), healthy, balancer, inFlight),
                LoadBalancer = algorithm,
                HashOn = balancer is null ? null : new HashKeySpec(NullIfEmpty(balancer.HashHeader), NullIfEmpty(balancer.HashCookie)),
                InFlight = algorithm == LoadBalancerCompiler.LeastRequest ? inFlight : null,
                HasRetries = routes.Any(r => r!.Retries is not null),
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

    /// <summary>The subsets by name; a subset without a name, or defined again, is an error (the first one is kept).</summary>
    private static Dictionary<string, SubsetSnapshot> CheckSubsets(SubsetSnapshot[] subsets, List<string> errors)
    {
        var byName = new Dictionary<string, SubsetSnapshot>(StringComparer.Ordinal);
        for (var i = 0; i < subsets.Length; i++)
        {
            var name = subsets[i].Name;
            if (string.IsNullOrEmpty(name))
            {
                errors.Add($"subset #{i} has no name");
            }
            else if (!byName.TryAdd(name, subsets[i]))
            {
                errors.Add($"subset '{name}' is defined more than once");
            }
        }

        return byName;
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

    /// <summary>The endpoint, or null when its address is not an absolute http(s) URL or is one of this proxy's own listeners.</summary>
    private static EndpointSnapshot? CompileEndpoint(Endpoint endpoint, int index, ListenerLoopGuard loopGuard, List<string> errors)
    {
        var label = string.IsNullOrEmpty(endpoint.Id) ? $"#{index}" : $"'{endpoint.Id}'";
        if (string.IsNullOrEmpty(endpoint.Id))
        {
            errors.Add($"endpoint #{index} has no id");
        }

        if (ParseAddress(endpoint.Address) is not { } url)
        {
            errors.Add($"endpoint {label} address '{endpoint.Address}' is not an absolute http/https URL");
            return null;
        }

        if (loopGuard.OwnListener(url) is { } listener)
        {
            errors.Add($"endpoint {label} address {endpoint.Address} is this proxy's own {listener} listener (routing loop)");
            return null;
        }

        return new EndpointSnapshot
        {
            Id = endpoint.Id,
            Address = endpoint.Address,
            DestinationPrefix = url.AbsoluteUri,
            Labels = endpoint.Labels.ToDictionary(l => l.Key, l => l.Value, StringComparer.Ordinal),
            Healthy = endpoint.Healthy,
        };
    }

    /// <summary>The absolute http(s) URL of an endpoint address, or null when it is not one.</summary>
    private static Uri? ParseAddress(string address) =>
        Uri.TryCreate(address, UriKind.Absolute, out var url)
        && (url.Scheme == Uri.UriSchemeHttp || url.Scheme == Uri.UriSchemeHttps)
        && url.Host.Length > 0 && url.UserInfo.Length == 0 && url.Query.Length == 0 && url.Fragment.Length == 0
            ? url
            : null;

    private static string? NullIfEmpty(string value) => value.Length == 0 ? null : value;
}
