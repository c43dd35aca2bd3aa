namespace Mesh.Model.Registry;

/// <summary>The request value a consistent hash is taken over: exactly one of a header or a cookie.</summary>
[GenerateSerializer, Immutable, Alias("mesh.HashOn")]
public sealed record HashOn
{
    /// <summary>A header name.</summary>
    [Id(0)] public string? Header { get; init; }

    /// <summary>A cookie name.</summary>
    [Id(1)] public string? Cookie { get; init; }
}
