using Route = Mesh.Model.Routing.Route;

namespace Mesh.Silo.Api.Contracts;

/// <summary>
/// Body of <c>PUT /api/v1/services/{service}/routes</c>. <see cref="ResourceVersion"/> is optional: when given it is
/// a precondition like <c>If-Match</c>, so a document read with GET can be edited and written back safely.
/// </summary>
internal sealed record RouteTableRequest
{
    public IReadOnlyList<Route>? Routes { get; init; }

    public long? ResourceVersion { get; init; }
}
