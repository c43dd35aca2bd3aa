using Mesh.Grains.Routing;
using Mesh.Grains.Streams;
using Mesh.Model.Registry;
using Mesh.Model.Revisions;
using Mesh.Model.Routing;

namespace Mesh.Grains.Registry;

/// <summary>Reads the two documents a service's proxy config is compiled from, with their combined version.</summary>
public static class ServiceConfigSource
{
    public static async Task<(ServiceSnapshot Service, DocumentSnapshot<RouteTable> Routes, ServiceConfigVersion Version)> ReadAsync(
        IGrainFactory grains, string service)
    {
        var serviceTask = grains.GetGrain<IServiceGrain>(service).GetAsync();
        var routesTask = grains.GetGrain<IRoutePolicyGrain>(service).GetAsync();
        var (snapshot, routes) = (await serviceTask, await routesTask);
        return (snapshot, routes, new ServiceConfigVersion(snapshot.ResourceVersion, routes.ResourceVersion));
    }
}
