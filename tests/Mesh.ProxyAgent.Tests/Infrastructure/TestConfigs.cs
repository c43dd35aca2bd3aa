using Mesh.Protos.Discovery.V1;
using Mesh.ProxyAgent.Routing;

namespace Mesh.ProxyAgent.Tests.Infrastructure;

/// <summary>Builders for pushed configs, so each test states only what it is about.</summary>
internal static class TestConfigs
{
    /// <summary>The loop guard of a proxy on the default listener URLs.</summary>
    public static ListenerLoopGuard DefaultGuard { get; } = new(new Uri("http://127.0.0.1:15001"), new Uri("http://127.0.0.1:15000"));

    public static ServiceConfig Service(string service, long version, params Route[] routes)
    {
        var config = new ServiceConfig { Service = service, Version = version, Nonce = $"n{version}" };
        config.Routes.AddRange(routes);
        return config;
    }

    public static ServiceConfig WithSubsets(this ServiceConfig config, params string[] versions)
    {
        foreach (var version in versions)
        {
            config.Subsets.Add(new Subset { Name = version, Labels = { ["version"] = version } });
        }

        return config;
    }

    public static ServiceConfig WithEndpoint(this ServiceConfig config, string id, string address, string? version = null, bool healthy = true)
    {
        var endpoint = new Endpoint { Id = id, Address = address, Healthy = healthy };
        if (version is not null)
        {
            endpoint.Labels["version"] = version;
        }

        config.Endpoints.Add(endpoint);
        return config;
    }

    public static Route Split(string name, params (string Subset, int Weight)[] destinations)
    {
        var route = new Route { Name = name };
        route.Destinations.AddRange(destinations.Select(d => new WeightedDestination { Subset = d.Subset, Weight = d.Weight }));
        return route;
    }
}
