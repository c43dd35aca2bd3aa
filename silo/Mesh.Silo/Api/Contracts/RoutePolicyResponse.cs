using Mesh.Model.Revisions;
using Mesh.Model.Routing;
using Route = Mesh.Model.Routing.Route;

namespace Mesh.Silo.Api.Contracts;

/// <summary>The stored route table of a service; <see cref="ResourceVersion"/> is also its <c>ETag</c>.</summary>
internal sealed record RoutePolicyResponse(long ResourceVersion, IReadOnlyList<Route> Routes)
{
    public static RoutePolicyResponse From(DocumentSnapshot<RouteTable> snapshot) => new(snapshot.ResourceVersion, snapshot.Document.Routes ?? []);
}
