using System.Text.Json.Serialization;
using Mesh.ProxyAgent.Matching;

namespace Mesh.ProxyAgent.Admin;

/// <summary>A string match in the Rules API's shape: exactly one member is written.</summary>
public sealed record StringMatchDump
{
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Exact { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Prefix { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Regex { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public bool? Present { get; init; }

    public static StringMatchDump From(StringMatchSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        return new() { Exact = spec.Exact, Prefix = spec.Prefix, Regex = spec.Regex, Present = spec.Present };
    }
}
