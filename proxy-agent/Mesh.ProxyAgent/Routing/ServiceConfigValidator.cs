using Mesh.Protos.Discovery.V1;
using Mesh.ProxyAgent.Matching;
using Mesh.ProxyAgent.RateLimiting;
using RetryRule = Mesh.ProxyAgent.Resilience.RetryPolicy;
using Endpoint = Mesh.Protos.Discovery.V1.Endpoint;
using Route = Mesh.Protos.Discovery.V1.Route;

namespace Mesh.ProxyAgent.Routing;

/// <summary>
/// Decides whether a pushed config can be enforced whole. Every problem is reported, each naming its route, subset
/// or endpoint; a config with any problem is Nacked and the last good one stays in force.
/// </summary>
public static class ServiceConfigValidator
{
    public static IReadOnlyList<string> Validate(ServiceConfig config, ListenerLoopGuard loopGuard)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(loopGuard);
        var errors = new List<string>();
        if (string.IsNullOrEmpty(config.Service))
        {
            errors.Add("the config names no service");
        }

        var subsets = ValidateSubsets(config, errors);
        for (var i = 0; i < config.Routes.Count; i++)
        {
            ValidateRoute(config.Routes[i], i, subsets, errors);
        }

        for (var i = 0; i < config.Endpoints.Count; i++)
        {
            ValidateEndpoint(config.Endpoints[i], i, loopGuard, errors);
        }

        if (config.Policy is { } policy)
        {
            ValidatePolicy(policy, errors);
            ValidateOwnServicePolicy(policy, errors);
        }

        return errors;
    }

    /// <summary>The absolute http(s) URL of an endpoint address, or null when it is not one.</summary>
    public static Uri? ParseAddress(string address) =>
        Uri.TryCreate(address, UriKind.Absolute, out var url)
        && (url.Scheme == Uri.UriSchemeHttp || url.Scheme == Uri.UriSchemeHttps)
        && url.Host.Length > 0 && url.UserInfo.Length == 0 && url.Query.Length == 0 && url.Fragment.Length == 0
            ? url
            : null;

    /// <summary>The enforced parts of the service policy: a load balancer the proxy can build, limits in range.</summary>
    private static void ValidatePolicy(ServicePolicy policy, List<string> errors)
    {
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
    }

    /// <summary>
    /// The parts applied by the service's own instances' proxies: the active health check (probed by each instance's
    /// proxy) and the inbound rate limit. Callers' proxies ignore them but still refuse a config that states them badly.
    /// </summary>
    private static void ValidateOwnServicePolicy(ServicePolicy policy, List<string> errors)
    {
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

    private static HashSet<string> ValidateSubsets(ServiceConfig config, List<string> errors)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < config.Subsets.Count; i++)
        {
            var name = config.Subsets[i].Name;
            if (string.IsNullOrEmpty(name))
            {
                errors.Add($"subset #{i} has no name");
            }
            else if (!names.Add(name))
            {
                errors.Add($"subset '{name}' is defined more than once");
            }
        }

        return names;
    }

    private static void ValidateRoute(Route route, int index, HashSet<string> subsets, List<string> errors)
    {
        var label = string.IsNullOrEmpty(route.Name) ? $"#{index}" : $"'{route.Name}'";
        if (!RequestMatcher.TryCreate(RouteMatchTranslator.ToSpec(route.Match), out _, out var matchError))
        {
            errors.Add($"route {label} match {matchError}");
        }

        ValidateOptions(route, label, errors);
        ValidateMirror(route, label, subsets, errors);
        ValidateRetries(route, label, errors);
        if (route.Destinations.Count == 0)
        {
            errors.Add($"route {label} has no destinations");
            return;
        }

        var sum = 0;
        var weightsInRange = true;
        for (var j = 0; j < route.Destinations.Count; j++)
        {
            var destination = route.Destinations[j];
            if (string.IsNullOrEmpty(destination.Subset))
            {
                errors.Add($"route {label} destination #{j} names no subset");
            }
            else if (!subsets.Contains(destination.Subset))
            {
                errors.Add($"route {label} names subset '{destination.Subset}', which is not in subsets");
            }

            if (destination.Weight is < 0 or > 100)
            {
                weightsInRange = false;
                errors.Add($"route {label} destination '{destination.Subset}' has weight {destination.Weight}; weights are integers from 0 to 100");
            }

            sum += destination.Weight;
        }

        if (weightsInRange && sum != 100)
        {
            errors.Add($"route {label} weights sum to {sum}, not 100");
        }
    }

    /// <summary>The enforced options' ranges: the control plane validates them too, but a bad push must not throw here.</summary>
    private static void ValidateOptions(Route route, string label, List<string> errors)
    {
        if (route.TimeoutMs < 0)
        {
            errors.Add($"route {label} timeout_ms is {route.TimeoutMs}; it must be 0 (none) or more");
        }

        if (route.Fault is not { } fault)
        {
            return;
        }

        if (!IsPercent(fault.DelayPercent))
        {
            errors.Add($"route {label} fault delay_percent is {fault.DelayPercent}; it must be from 0 to 100");
        }

        if (fault.DelayMs < 0)
        {
            errors.Add($"route {label} fault delay_ms is {fault.DelayMs}; it must be 0 or more");
        }

        if (!IsPercent(fault.AbortPercent))
        {
            errors.Add($"route {label} fault abort_percent is {fault.AbortPercent}; it must be from 0 to 100");
        }
        else if (fault.AbortPercent > 0 && fault.AbortStatus is < 200 or > 599)
        {
            errors.Add($"route {label} fault abort_status is {fault.AbortStatus}; it must be from 200 to 599");
        }
    }

    private static void ValidateMirror(Route route, string label, HashSet<string> subsets, List<string> errors)
    {
        if (route.Mirror is not { } mirror)
        {
            return;
        }

        if (!subsets.Contains(mirror.Subset))
        {
            errors.Add($"route {label} mirrors to subset '{mirror.Subset}', which is not in subsets");
        }

        if (!IsPercent(mirror.Percent))
        {
            errors.Add($"route {label} mirror percent is {mirror.Percent}; it must be from 0 to 100");
        }
    }

    private static void ValidateRetries(Route route, string label, List<string> errors)
    {
        if (route.Retries is not { } retries)
        {
            return;
        }

        if (retries.Attempts < 0)
        {
            errors.Add($"route {label} retries attempts is {retries.Attempts}; it must be 0 or more");
        }

        if (retries.PerTryTimeoutMs < 0)
        {
            errors.Add($"route {label} retries per_try_timeout_ms is {retries.PerTryTimeoutMs}; it must be 0 (none) or more");
        }

        foreach (var name in retries.RetryOn)
        {
            if (!RetryRule.TryParseCondition(name, out _))
            {
                errors.Add($"route {label} retries on '{name}', which is not one of connect-failure, reset, 5xx, gateway-error, retriable-4xx");
            }
        }
    }

    private static bool IsPercent(double value) => value is >= 0 and <= 100;

    private static void ValidateEndpoint(Endpoint endpoint, int index, ListenerLoopGuard loopGuard, List<string> errors)
    {
        var label = string.IsNullOrEmpty(endpoint.Id) ? $"#{index}" : $"'{endpoint.Id}'";
        if (string.IsNullOrEmpty(endpoint.Id))
        {
            errors.Add($"endpoint #{index} has no id");
        }

        if (ParseAddress(endpoint.Address) is not { } url)
        {
            errors.Add($"endpoint {label} address '{endpoint.Address}' is not an absolute http/https URL");
        }
        else if (loopGuard.OwnListener(url) is { } listener)
        {
            errors.Add($"endpoint {label} address {endpoint.Address} is this proxy's own {listener} listener (routing loop)");
        }
    }
}
