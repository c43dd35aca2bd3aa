using System.Text.Json.Serialization;

namespace Mesh.ProxyAgent.Admin;

public sealed record RetriesDump
{
    public required int Attempts { get; init; }

    /// <summary>A duration such as <c>500ms</c>; left out when only the route's timeout bounds an attempt.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? PerTryTimeout { get; init; }

    public required IReadOnlyList<string> RetryOn { get; init; }
}
