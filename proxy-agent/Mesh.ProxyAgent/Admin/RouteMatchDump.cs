using System.Text.Json.Serialization;
using Mesh.ProxyAgent.Matching;

namespace Mesh.ProxyAgent.Admin;

/// <summary>A route's match in the Rules API's shape; conditions not given are left out.</summary>
public sealed record RouteMatchDump
{
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyDictionary<string, StringMatchDump>? Headers { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public StringMatchDump? Path { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyDictionary<string, StringMatchDump>? Query { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyDictionary<string, StringMatchDump>? Cookies { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<string>? Methods { get; init; }

    public static RouteMatchDump From(RequestMatchSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        return new()
        {
            Headers = From(spec.Headers),
            Path = spec.Path is null ? null : StringMatchDump.From(spec.Path),
            Query = From(spec.Query),
            Cookies = From(spec.Cookies),
            Methods = spec.Methods,
        };
    }

    private static Dictionary<string, StringMatchDump>? From(IReadOnlyDictionary<string, StringMatchSpec>? specs) =>
        specs?.ToDictionary(s => s.Key, s => StringMatchDump.From(s.Value), StringComparer.Ordinal);
}
