using Mesh.ProxyAgent.ControlPlane;
using Mesh.ProxyAgent.Hosting;
using Mesh.ProxyAgent.Routing;

namespace Mesh.ProxyAgent.Admin;

/// <summary>Renders the configs in force as a <see cref="ConfigDump"/>, services in name order.</summary>
public static class ConfigDumps
{
    public static ConfigDump Create(ProxyAgentOptions options, IReadOnlyDictionary<string, ServiceSnapshot> services, SessionState session)
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
            Services = services.Values.OrderBy(s => s.Service, StringComparer.Ordinal).Select(Dump).ToArray(),
        };
    }

    private static ServiceDump Dump(ServiceSnapshot snapshot) => new()
    {
        Service = snapshot.Service,
        Version = snapshot.Version,
        Routes = snapshot.Routes.Select(r => new RouteDump
        {
            Name = r.Name,
            Destinations = r.Destinations.Select(d => new DestinationDump { Subset = d.Subset.Name, Weight = d.Weight }).ToArray(),
        }).ToArray(),
        Endpoints = snapshot.Endpoints.Select(e => new EndpointDump { Id = e.Id, Address = e.Address, Labels = e.Labels, Healthy = e.Healthy }).ToArray(),
        Subsets = snapshot.Subsets.Select(s => new SubsetDump { Name = s.Name, Labels = s.Labels }).ToArray(),
    };
}
