using System.Text.Json.Serialization;

namespace Mesh.ProxyAgent.Admin;

public sealed record HashOnDump
{
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Header { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Cookie { get; init; }
}
