using Mesh.Protos.Discovery.V1;
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
            RefuseUnenforced(config.Routes[i], errors);
        }

        for (var i = 0; i < config.Endpoints.Count; i++)
        {
            ValidateEndpoint(config.Endpoints[i], i, loopGuard, errors);
        }

        RefuseUnenforced(config.Policy, errors);
        return errors;
    }

    /// <summary>The absolute http(s) URL of an endpoint address, or null when it is not one.</summary>
    public static Uri? ParseAddress(string address) =>
        Uri.TryCreate(address, UriKind.Absolute, out var url)
        && (url.Scheme == Uri.UriSchemeHttp || url.Scheme == Uri.UriSchemeHttps)
        && url.Host.Length > 0 && url.UserInfo.Length == 0 && url.Query.Length == 0 && url.Fragment.Length == 0
            ? url
            : null;

    /// <summary>
    /// Route features this proxy does not enforce yet (match rules, timeouts, retries, faults, mirroring) make the
    /// config unenforceable: ignoring a match rule would send every request down that route.
    /// </summary>
    private static void RefuseUnenforced(Route route, List<string> errors)
    {
        var unsupported = new[]
        {
            route.Match is null ? null : "match rules",
            route.TimeoutMs == 0 ? null : "a timeout",
            route.Retries is null ? null : "retries",
            route.Fault is null ? null : "fault injection",
            route.Mirror is null ? null : "mirroring",
        }.OfType<string>().ToList();
        if (unsupported.Count > 0)
        {
            errors.Add($"route '{route.Name}' uses {string.Join(", ", unsupported)}, which this proxy does not enforce yet");
        }
    }

    /// <summary>Service policy features this proxy does not enforce yet (round robin is the one algorithm it has).</summary>
    private static void RefuseUnenforced(ServicePolicy? policy, List<string> errors)
    {
        if (policy is null)
        {
            return;
        }

        var unsupported = new[]
        {
            policy.LoadBalancer is null || policy.LoadBalancer.Algorithm is "" or "round-robin" ? null : $"the {policy.LoadBalancer.Algorithm} load balancer",
            policy.CircuitBreaker is null ? null : "circuit breaking",
            policy.OutlierDetection is null ? null : "outlier detection",
            policy.HealthCheck is null ? null : "active health checks",
            policy.RateLimit is null ? null : "rate limiting",
        }.OfType<string>().ToList();
        if (unsupported.Count > 0)
        {
            errors.Add($"the service policy uses {string.Join(", ", unsupported)}, which this proxy does not enforce yet");
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
