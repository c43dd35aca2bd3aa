using Mesh.ProxyAgent.FaultInjection;
using Mesh.ProxyAgent.Matching;
using Mesh.ProxyAgent.Resilience;
using RetryPolicy = Mesh.ProxyAgent.Resilience.RetryPolicy;
using Route = Mesh.Protos.Discovery.V1.Route;

namespace Mesh.ProxyAgent.Routing;

/// <summary>Routes: each checked and compiled in one go, its match compiled once.</summary>
internal static partial class AgentConfigCompiler
{
    /// <summary>The compiled route, or null when it has errors (each added, naming the route).</summary>
    private static RouteSnapshot? CompileRoute(Route route, int index, Dictionary<string, SubsetSnapshot> subsets, List<string> errors)
    {
        var label = string.IsNullOrEmpty(route.Name) ? $"#{index}" : $"'{route.Name}'";
        var errorsBefore = errors.Count;
        var match = RouteMatchTranslator.ToSpec(route.Match);
        if (!RequestMatcher.TryCreate(match, out var matcher, out var matchError))
        {
            errors.Add($"route {label} match {matchError}");
        }

        if (route.TimeoutMs < 0)
        {
            errors.Add($"route {label} timeout_ms is {route.TimeoutMs}; it must be 0 (none) or more");
        }

        var fault = CompileFault(route, label, errors);
        var mirror = CompileMirror(route, label, subsets, errors);
        var retries = CompileRetries(route, label, errors);
        var destinations = CompileDestinations(route, label, subsets, errors);
        return errors.Count > errorsBefore ? null : new RouteSnapshot(route.Name, destinations)
        {
            Match = match,
            Matcher = matcher!,
            Timeout = route.TimeoutMs > 0 ? TimeSpan.FromMilliseconds(route.TimeoutMs) : null,
            Fault = fault,
            Mirror = mirror,
            Retries = retries,
        };
    }

    /// <summary>The fault's ranges: the control plane checks them too, but a bad push must not throw here.</summary>
    private static FaultPlan? CompileFault(Route route, string label, List<string> errors)
    {
        if (route.Fault is not { } fault)
        {
            return null;
        }

        var errorsBefore = errors.Count;
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

        return errors.Count > errorsBefore ? null : new FaultPlan(fault.DelayPercent, TimeSpan.FromMilliseconds(fault.DelayMs), fault.AbortPercent, fault.AbortStatus);
    }

    private static MirrorSnapshot? CompileMirror(Route route, string label, Dictionary<string, SubsetSnapshot> subsets, List<string> errors)
    {
        if (route.Mirror is not { } mirror)
        {
            return null;
        }

        if (!subsets.TryGetValue(mirror.Subset, out var subset))
        {
            errors.Add($"route {label} mirrors to subset '{mirror.Subset}', which is not in subsets");
        }

        if (!IsPercent(mirror.Percent))
        {
            errors.Add($"route {label} mirror percent is {mirror.Percent}; it must be from 0 to 100");
        }

        return subset is null ? null : new MirrorSnapshot(subset, mirror.Percent);
    }

    private static RetrySnapshot? CompileRetries(Route route, string label, List<string> errors)
    {
        if (route.Retries is not { } retries)
        {
            return null;
        }

        var errorsBefore = errors.Count;
        if (retries.Attempts < 0)
        {
            errors.Add($"route {label} retries attempts is {retries.Attempts}; it must be 0 or more");
        }

        if (retries.PerTryTimeoutMs < 0)
        {
            errors.Add($"route {label} retries per_try_timeout_ms is {retries.PerTryTimeoutMs}; it must be 0 (none) or more");
        }

        var conditions = RetryOn.None;
        foreach (var name in retries.RetryOn)
        {
            if (RetryPolicy.TryParseCondition(name, out var condition))
            {
                conditions |= condition;
            }
            else
            {
                errors.Add($"route {label} retries on '{name}', which is not one of connect-failure, reset, 5xx, gateway-error, retriable-4xx");
            }
        }

        return errors.Count > errorsBefore ? null : new RetrySnapshot(
            new RetryPolicy(retries.Attempts, conditions),
            retries.PerTryTimeoutMs > 0 ? TimeSpan.FromMilliseconds(retries.PerTryTimeoutMs) : null,
            retries.RetryOn.ToArray());
    }

    /// <summary>Destinations naming known subsets, with weights from 0 to 100 that sum to 100.</summary>
    private static WeightedSubset[] CompileDestinations(Route route, string label, Dictionary<string, SubsetSnapshot> subsets, List<string> errors)
    {
        if (route.Destinations.Count == 0)
        {
            errors.Add($"route {label} has no destinations");
            return [];
        }

        var destinations = new List<WeightedSubset>(route.Destinations.Count);
        var sum = 0;
        var weightsInRange = true;
        for (var j = 0; j < route.Destinations.Count; j++)
        {
            var destination = route.Destinations[j];
            if (string.IsNullOrEmpty(destination.Subset))
            {
                errors.Add($"route {label} destination #{j} names no subset");
            }
            else if (!subsets.TryGetValue(destination.Subset, out var subset))
            {
                errors.Add($"route {label} names subset '{destination.Subset}', which is not in subsets");
            }
            else
            {
                destinations.Add(new WeightedSubset(subset, destination.Weight));
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

        return destinations.ToArray();
    }

    private static bool IsPercent(double value) => value is >= 0 and <= 100;
}
