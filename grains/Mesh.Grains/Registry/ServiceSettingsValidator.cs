using Mesh.Model.Naming;
using Mesh.Model.Registry;
using Mesh.Model.Validation;

namespace Mesh.Grains.Registry;

/// <summary>The rules of a service policy; every error names its field by JSON path.</summary>
internal static class ServiceSettingsValidator
{
    public const int MaxSubsets = 64;
    public const int MaxLimit = 1_000_000;

    public static IReadOnlyList<FieldError> Validate(ServiceSettings? policy)
    {
        var errors = new List<FieldError>();
        if (policy is null)
        {
            errors.Add(new FieldError("$", "must be a JSON object"));
            return errors;
        }

        ValidateSubsets(policy.Subsets, errors);
        if (policy.LoadBalancer is { } lb)
        {
            if (lb.Algorithm is not null && !LoadBalancerAlgorithms.IsKnown(lb.Algorithm))
            {
                errors.Add(new FieldError("loadBalancer.algorithm", $"must be one of {string.Join(", ", LoadBalancerAlgorithms.All)}"));
            }

            var hashing = lb.Algorithm == LoadBalancerAlgorithms.ConsistentHash;
            if (hashing && (lb.HashOn is null || (lb.HashOn.Header is null) == (lb.HashOn.Cookie is null)))
            {
                errors.Add(new FieldError("loadBalancer.hashOn", "consistent-hash needs exactly one of header or cookie"));
            }
            else if (!hashing && lb.HashOn is not null)
            {
                errors.Add(new FieldError("loadBalancer.hashOn", "is only for the consistent-hash algorithm"));
            }
            else if (lb.HashOn is { } hashOn)
            {
                NameRules.Name(hashOn.Header ?? hashOn.Cookie, hashOn.Header is null ? "loadBalancer.hashOn.cookie" : "loadBalancer.hashOn.header", errors);
            }
        }

        if (policy.CircuitBreaker is { } cb)
        {
            Range(cb.MaxConcurrentRequests, "circuitBreaker.maxConcurrentRequests", 1, MaxLimit, errors);
            Range(cb.MaxPendingRequests, "circuitBreaker.maxPendingRequests", 0, MaxLimit, errors);
        }

        if (policy.OutlierDetection is { } od)
        {
            Range(od.Consecutive5xx, "outlierDetection.consecutive5xx", 1, 1000, errors);
            Duration(od.Interval, "outlierDetection.interval", errors);
            Duration(od.BaseEjectionTime, "outlierDetection.baseEjectionTime", errors);
            Range(od.MaxEjectionPercent, "outlierDetection.maxEjectionPercent", 0, 100, errors);
        }

        if (policy.HealthCheck is { } hc)
        {
            if (hc.Path is not { Length: > 0 and <= 1024 } path || !path.StartsWith('/'))
            {
                errors.Add(new FieldError("healthCheck.path", "is required and must start with '/'"));
            }

            Duration(hc.Interval, "healthCheck.interval", errors);
            Range(hc.UnhealthyThreshold, "healthCheck.unhealthyThreshold", 1, 100, errors);
            Range(hc.HealthyThreshold, "healthCheck.healthyThreshold", 1, 100, errors);
        }

        if (policy.RateLimit is { } rl)
        {
            if (rl.RequestsPerSecond is null)
            {
                errors.Add(new FieldError("rateLimit.requestsPerSecond", "is required"));
            }

            Range(rl.RequestsPerSecond, "rateLimit.requestsPerSecond", 1, MaxLimit, errors);
            Range(rl.Burst, "rateLimit.burst", 1, MaxLimit, errors);
            if (rl.Scope is not (null or RateLimitPolicy.InstanceScope or RateLimitPolicy.ServiceScope))
            {
                errors.Add(new FieldError("rateLimit.scope", "must be instance or service"));
            }
        }

        return errors;
    }

    private static void ValidateSubsets(IReadOnlyList<SubsetDefinition>? subsets, List<FieldError> errors)
    {
        if (subsets is null)
        {
            return;
        }

        if (subsets.Count > MaxSubsets)
        {
            errors.Add(new FieldError("subsets", $"has {subsets.Count} subsets; at most {MaxSubsets} are allowed"));
            return;
        }

        var names = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < subsets.Count; i++)
        {
            var subset = subsets[i];
            if (subset is null)
            {
                errors.Add(new FieldError($"subsets[{i}]", "must be an object"));
                continue;
            }

            NameRules.Name(subset.Name, $"subsets[{i}].name", errors);
            if (subset.Name is not null && !names.Add(subset.Name))
            {
                errors.Add(new FieldError($"subsets[{i}].name", $"duplicates subset '{subset.Name}'"));
            }

            if (subset.Labels is null || subset.Labels.Count == 0)
            {
                errors.Add(new FieldError($"subsets[{i}].labels", "must select endpoints by at least one label"));
            }
            else
            {
                NameRules.Labels(subset.Labels, $"subsets[{i}].labels", errors);
            }
        }
    }

    private static void Range(int? value, string path, int min, int max, List<FieldError> errors)
    {
        if (value is { } v && (v < min || v > max))
        {
            errors.Add(new FieldError(path, $"must be an integer from {min} to {max}"));
        }
    }

    private static void Duration(string? text, string path, List<FieldError> errors)
    {
        if (text is not null && !DurationRules.TryParseWithin(text, TimeSpan.FromHours(1), out _))
        {
            errors.Add(new FieldError(path, "must be a duration from 1ms to 1h such as 250ms, 5s or 1m"));
        }
    }
}
