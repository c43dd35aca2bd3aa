namespace Mesh.ProxyAgent.Matching;

/// <summary>
/// The conditions under which a route applies, as the route policy states them. Every condition given must hold;
/// none at all (or a null spec) matches every request.
/// </summary>
internal sealed record RequestMatchSpec
{
    /// <summary>By header name (case-insensitive); values are case-sensitive.</summary>
    public IReadOnlyDictionary<string, StringMatchSpec>? Headers { get; init; }

    /// <summary>The request path.</summary>
    public StringMatchSpec? Path { get; init; }

    /// <summary>By query parameter name (case-sensitive, after percent-decoding).</summary>
    public IReadOnlyDictionary<string, StringMatchSpec>? Query { get; init; }

    /// <summary>By cookie name (case-sensitive, as RFC 6265 says).</summary>
    public IReadOnlyDictionary<string, StringMatchSpec>? Cookies { get; init; }

    /// <summary>HTTP methods, compared case-sensitively (RFC 9110): write <c>GET</c>, not <c>get</c>.</summary>
    public IReadOnlyList<string>? Methods { get; init; }
}
