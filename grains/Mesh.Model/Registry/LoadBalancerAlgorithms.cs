namespace Mesh.Model.Registry;

/// <summary>The load-balancing algorithms of a service policy (<c>loadBalancer.algorithm</c>), as proxies know them.</summary>
public static class LoadBalancerAlgorithms
{
    public const string RoundRobin = "round-robin";
    public const string LeastRequest = "least-request";
    public const string Random = "random";
    public const string ConsistentHash = "consistent-hash";

    /// <summary>The algorithm of a policy that names none.</summary>
    public const string Default = RoundRobin;

    /// <summary>Every algorithm, in the order the admin UI offers them.</summary>
    public static readonly IReadOnlyList<string> All = [RoundRobin, LeastRequest, Random, ConsistentHash];

    public static bool IsKnown(string? algorithm) => algorithm is RoundRobin or LeastRequest or Random or ConsistentHash;
}
