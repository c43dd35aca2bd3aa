using System.Text.Json.Serialization;

namespace Mesh.ProxyAgent.Admin;

/// <summary>The service policy's load balancer in the Rules API's shape.</summary>
public sealed record LoadBalancerDump
{
    public required string Algorithm { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public HashOnDump? HashOn { get; init; }
}
