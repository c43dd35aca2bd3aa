namespace Mesh.Model.Routing;

/// <summary>The conditions under which a route applies; all given conditions must hold, none means every request.</summary>
[GenerateSerializer, Immutable, Alias("mesh.RouteMatch")]
public sealed record RouteMatch
{
    /// <summary>By header name (case-insensitive).</summary>
    [Id(0)] public IReadOnlyDictionary<string, StringMatch>? Headers { get; init; }

    [Id(1)] public StringMatch? Path { get; init; }

    /// <summary>Shorthand for <c>path: {prefix: ...}</c>; not together with <see cref="Path"/>.</summary>
    [Id(2)] public string? PathPrefix { get; init; }

    [Id(3)] public IReadOnlyDictionary<string, StringMatch>? Query { get; init; }

    [Id(4)] public IReadOnlyDictionary<string, StringMatch>? Cookies { get; init; }

    /// <summary>Upper-case HTTP methods.</summary>
    [Id(5)] public IReadOnlyList<string>? Methods { get; init; }
}
