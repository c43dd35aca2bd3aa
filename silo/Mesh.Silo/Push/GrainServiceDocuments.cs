using Mesh.Model.Revisions;
using Mesh.Grains.Registry;
using Mesh.Grains.Streams;
using Mesh.Model.Registry;
using Mesh.Model.Routing;

namespace Mesh.Silo.Push;

/// <summary>Reads a service's documents from its grains (the service and its route policy).</summary>
internal sealed class GrainServiceDocuments(IGrainFactory grains) : IServiceDocuments
{
    public Task<(ServiceSnapshot Service, DocumentSnapshot<RouteTable> Routes, ServiceConfigVersion Version)> ReadAsync(string service) =>
        ServiceConfigSource.ReadAsync(grains, service);
}
