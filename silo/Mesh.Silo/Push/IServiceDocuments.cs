using Mesh.Model.Revisions;
using Mesh.Grains.Streams;
using Mesh.Model.Registry;
using Mesh.Model.Routing;

namespace Mesh.Silo.Push;

/// <summary>Where a watched service's config is compiled from: its two stored documents and their combined version.</summary>
internal interface IServiceDocuments
{
    Task<(ServiceSnapshot Service, DocumentSnapshot<RouteTable> Routes, ServiceConfigVersion Version)> ReadAsync(string service);
}
