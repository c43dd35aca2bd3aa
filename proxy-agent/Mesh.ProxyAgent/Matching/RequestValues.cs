using Microsoft.Extensions.Primitives;

namespace Mesh.ProxyAgent.Matching;

/// <summary>
/// Reads the values that match rules and hash keys look at, straight from the raw request so that a lookup does not
/// make ASP.NET Core parse the whole query string or cookie header into dictionaries.
/// </summary>
internal static class RequestValues
{
    /// <summary>
    /// A header's value, or null when absent. Several fields of one name are joined with <c>","</c> (as HTTP allows
    /// and Envoy matches), which allocates; a single field does not.
    /// </summary>
    public static string? Header(HttpRequest request, string name)
    {
        var values = request.Headers[name];
        return values.Count switch
        {
            0 => null,
            1 => values[0] ?? "",
            _ => values.ToString(),
        };
    }

    /// <summary>
    /// The first parameter named <paramref name="name"/> (case-sensitive, after percent-decoding) in the raw query
    /// string, as a still-encoded slice. <c>?flag</c> is present with an empty value.
    /// </summary>
    public static bool TryGetQuery(QueryString query, string name, out ReadOnlySpan<char> rawValue)
    {
        var rest = (query.Value ?? "").AsSpan();
        if (rest.StartsWith('?'))
        {
            rest = rest[1..];
        }

        while (!rest.IsEmpty)
        {
            var end = rest.IndexOf('&');
            var pair = end < 0 ? rest : rest[..end];
            rest = end < 0 ? [] : rest[(end + 1)..];
            var equals = pair.IndexOf('=');
            var rawName = equals < 0 ? pair : pair[..equals];
            if (!rawName.IsEmpty && NameEquals(rawName, name))
            {
                rawValue = equals < 0 ? [] : pair[(equals + 1)..];
                return true;
            }
        }

        rawValue = default;
        return false;
    }

    /// <summary>A query value decoded as a form field: <c>+</c> is a space, then percent-escapes. Allocates only when it must decode.</summary>
    public static ReadOnlySpan<char> DecodeQuery(ReadOnlySpan<char> raw) =>
        NeedsDecoding(raw) ? Uri.UnescapeDataString(raw.ToString().Replace('+', ' ')) : raw;

    /// <summary>
    /// The first cookie named <paramref name="name"/> (case-sensitive, RFC 6265) across every <c>Cookie</c> field
    /// (HTTP/2 may split them), as a slice of the header: not percent-decoded, with one pair of surrounding double
    /// quotes removed. Allocation-free.
    /// </summary>
    public static bool TryGetCookie(HttpRequest request, string name, out ReadOnlySpan<char> value)
    {
        StringValues fields = request.Headers.Cookie;
        for (var i = 0; i < fields.Count; i++)
        {
            var rest = (fields[i] ?? "").AsSpan();
            while (!rest.IsEmpty)
            {
                var end = rest.IndexOf(';');
                var pair = (end < 0 ? rest : rest[..end]).Trim(" \t");
                rest = end < 0 ? [] : rest[(end + 1)..];
                var equals = pair.IndexOf('=');
                if (equals > 0 && pair[..equals].TrimEnd(" \t").SequenceEqual(name))
                {
                    value = pair[(equals + 1)..].TrimStart(" \t");
                    if (value.Length >= 2 && value[0] == '"' && value[^1] == '"')
                    {
                        value = value[1..^1];
                    }

                    return true;
                }
            }
        }

        value = default;
        return false;
    }

    private static bool NameEquals(ReadOnlySpan<char> rawName, string name) =>
        NeedsDecoding(rawName) ? DecodeQuery(rawName).SequenceEqual(name) : rawName.SequenceEqual(name);

    private static bool NeedsDecoding(ReadOnlySpan<char> raw) => raw.IndexOfAny('%', '+') >= 0;
}
