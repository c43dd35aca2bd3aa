using Mesh.Protos.Discovery.V1;

namespace Mesh.ProxyAgent.Routing;

/// <summary>Turns a pushed <see cref="ServiceConfig"/> into the immutable snapshot the data plane reads.</summary>
public static class ServiceConfigCompiler
{
    public static CompileResult Compile(ServiceConfig config, ListenerLoopGuard loopGuard)
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

        var subsets = config.Subsets.Select(s => CompileSubset(s.Name, s.Labels, healthy)).ToArray();
        var byName = subsets.ToDictionary(s => s.Name, StringComparer.Ordinal);
        var routes = config.Routes.Select(r => new RouteSnapshot(
            r.Name,
            r.Destinations.Select(d => new WeightedSubset(byName[d.Subset], d.Weight)).ToArray())).ToArray();

        return new CompileResult
        {
            Snapshot = new ServiceSnapshot
            {
                Service = config.Service,
                Version = config.Version,
                Routes = routes,
                Subsets = subsets,
                Endpoints = endpoints,
                AllEndpoints = new SubsetSnapshot { Name = "", Labels = new Dictionary<string, string>(), HealthyEndpoints = healthy },
            },
        };
    }

    /// <summary>An endpoint belongs to a subset when it carries every one of the subset's labels with the same value.</summary>
    private static SubsetSnapshot CompileSubset(string name, IDictionary<string, string> labels, EndpointSnapshot[] healthy) => new()
    {
        Name = name,
        Labels = labels.ToDictionary(l => l.Key, l => l.Value, StringComparer.Ordinal),
        HealthyEndpoints = healthy
            .Where(e => labels.All(l => e.Labels.TryGetValue(l.Key, out var value) && value == l.Value))
            .ToArray(),
    };
}
