namespace Mesh.Model.Registry;

/// <summary>How a caller's proxy picks an endpoint within a subset.</summary>
[GenerateSerializer, Immutable, Alias("mesh.LoadBalancerPolicy")]
public sealed record LoadBalancerPolicy
{
    /// <summary>Round-robin (default), least-request, random or consistent-hash.</summary>
    [Id(0)] public string? Algorithm { get; init; }

    /// <summary>For consistent-hash: the header or cookie whose value picks the endpoint.</summary>
    [Id(1)] public HashOn? HashOn { get; init; }
}
