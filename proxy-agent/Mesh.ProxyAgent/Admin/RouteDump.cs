using System.Text.Json.Serialization;

namespace Mesh.ProxyAgent.Admin;

/// <summary>A route in force, in the Rules API's shape; options the route does not use are left out.</summary>
public sealed record RouteDump
{
    public required string Name { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public RouteMatchDump? Match { get; init; }

    public required IReadOnlyList<DestinationDump> Destinations { get; init; }

    /// <summary>A duration such as <c>2s</c>.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Timeout { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public RetriesDump? Retries { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public FaultDump? Fault { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public MirrorDump? Mirror { get; init; }
}
