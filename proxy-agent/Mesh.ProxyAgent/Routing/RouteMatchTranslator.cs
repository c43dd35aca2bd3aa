using Google.Protobuf.Collections;
using Mesh.ProxyAgent.Matching;
using ProtoMatch = Mesh.Protos.Discovery.V1.RouteMatch;
using ProtoStringMatch = Mesh.Protos.Discovery.V1.StringMatch;

namespace Mesh.ProxyAgent.Routing;

/// <summary>
/// Turns a pushed route's <c>match</c> into the <see cref="RequestMatchSpec"/> the matcher compiles. The proxy API
/// has no <c>pathPrefix</c>: the control plane sends it as a path prefix match.
/// </summary>
internal static class RouteMatchTranslator
{
    /// <summary>The spec of <paramref name="match"/>, or null (every request) when the route has none.</summary>
    public static RequestMatchSpec? ToSpec(ProtoMatch? match) => match is null ? null : new RequestMatchSpec
    {
        Headers = ToSpecs(match.Headers),
        Path = match.Path is null ? null : ToSpec(match.Path),
        Query = ToSpecs(match.Query),
        Cookies = ToSpecs(match.Cookies),
        Methods = match.Methods.Count == 0 ? null : match.Methods.ToArray(),
    };

    /// <summary>An empty <c>StringMatch</c> becomes a spec with no kind, which the matcher refuses.</summary>
    public static StringMatchSpec ToSpec(ProtoStringMatch match)
    {
        ArgumentNullException.ThrowIfNull(match);
        return match.KindCase switch
        {
            ProtoStringMatch.KindOneofCase.Exact => new(Exact: match.Exact),
            ProtoStringMatch.KindOneofCase.Prefix => new(Prefix: match.Prefix),
            ProtoStringMatch.KindOneofCase.Regex => new(Regex: match.Regex),
            ProtoStringMatch.KindOneofCase.Present => new(Present: match.Present),
            _ => new(),
        };
    }

    private static Dictionary<string, StringMatchSpec>? ToSpecs(MapField<string, ProtoStringMatch> matches) =>
        matches.Count == 0 ? null : matches.ToDictionary(m => m.Key, m => ToSpec(m.Value), StringComparer.Ordinal);
}
