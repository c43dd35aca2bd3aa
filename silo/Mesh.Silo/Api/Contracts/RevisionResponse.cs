using Mesh.Model.Routing;
using Mesh.Model.Revisions;
using Route = Mesh.Model.Routing.Route;

namespace Mesh.Silo.Api.Contracts;

/// <summary>One entry of a route table's history; <see cref="Routes"/> only when one version is asked for.</summary>
internal sealed record RevisionResponse(long Version, DateTimeOffset When, string Who, string Summary, IReadOnlyList<Route>? Routes = null)
{
    public static RevisionResponse From(RevisionInfo info) => new(info.Version, info.At, info.By, info.Summary);

    public static RevisionResponse From(Revision<RouteTable> revision) => From(revision.Info) with { Routes = revision.Document.Routes ?? [] };
}
