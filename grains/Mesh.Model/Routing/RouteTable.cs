namespace Mesh.Model.Routing;

/// <summary>
/// The route policy document of one service: the rules for calls <em>to</em> that service.
/// Routes are tried in order; an empty list means no rules (traffic is spread over all endpoints).
/// </summary>
/// <remarks><see cref="Routes"/> is nullable only so that a document read from the wire without it can be
/// reported as invalid by the grain; a stored table always has a list.</remarks>
[GenerateSerializer, Immutable, Alias("mesh.RouteTable")]
public sealed record RouteTable
{
    [Id(0)] public IReadOnlyList<Route>? Routes { get; init; }

    /// <summary>A table without rules.</summary>
    public static RouteTable Empty { get; } = new() { Routes = [] };
}
