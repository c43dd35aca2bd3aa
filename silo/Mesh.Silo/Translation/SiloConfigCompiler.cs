using Mesh.Model.Revisions;
using Mesh.Grains.Streams;
using Mesh.Model.Registry;
using Mesh.Model.Routing;
using Mesh.Protos.Discovery.V1;

namespace Mesh.Silo.Translation;

/// <summary>Translates the model of one service (endpoints, settings, route policy) into the config proxies enforce.</summary>
internal static class SiloConfigCompiler
{
    /// <summary>
    /// Builds the complete config of <paramref name="service"/>. Without explicit subsets, every version label
    /// value and every subset a route names becomes subset <c>vX</c> selecting label <c>version=vX</c>, so a route
    /// may name a version whose instances have not started yet.
    /// </summary>
    public static ServiceConfig Compile(ServiceSnapshot service, DocumentSnapshot<RouteTable> routes, ServiceConfigVersion version, string nonce)
    {
        var config = new ServiceConfig
        {
            Service = service.Name,
            Version = version.Combined,
            Nonce = nonce,
        };

        foreach (var route in routes.Document.Routes ?? [])
        {
            var compiled = RouteOptionsCompiler.Compile(route);
            compiled.Destinations.AddRange((route.Destinations ?? []).Select(d => new Protos.Discovery.V1.WeightedDestination
            {
                Subset = d.Subset ?? "",
                Weight = d.Weight ?? 100,
            }));
            config.Routes.Add(compiled);
        }

        config.Subsets.AddRange(Subsets(service, routes).Select(s =>
        {
            var subset = new Subset { Name = s.Name };
            Copy(s.Labels, subset.Labels);
            return subset;
        }));
        config.Endpoints.AddRange(service.Endpoints.Select(e =>
        {
            var endpoint = new Protos.Discovery.V1.Endpoint { Id = e.Id, Address = e.Address, Healthy = e.Healthy };
            Copy(e.Labels, endpoint.Labels);
            return endpoint;
        }));
        config.Policy = ServicePolicyCompiler.Compile(service.Settings);
        return config;
    }

    private static void Copy(IReadOnlyDictionary<string, string> from, Google.Protobuf.Collections.MapField<string, string> to)
    {
        foreach (var (key, value) in from)
        {
            to[key] = value;
        }
    }

    private static IEnumerable<SubsetDefinition> Subsets(ServiceSnapshot service, DocumentSnapshot<RouteTable> routes)
    {
        if (service.Settings.Subsets.Count > 0)
        {
            return service.Settings.Subsets;
        }

        var named = service.Endpoints
            .Select(e => e.Labels.GetValueOrDefault(EndpointLabels.Version))
            .Concat((routes.Document.Routes ?? []).SelectMany(r => r.Destinations ?? []).Select(d => d.Subset));
        return named
            .OfType<string>()
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal)
            .Select(v => new SubsetDefinition { Name = v, Labels = new Dictionary<string, string> { [EndpointLabels.Version] = v } });
    }
}
