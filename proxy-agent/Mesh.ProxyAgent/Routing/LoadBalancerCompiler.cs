using Mesh.Model.Registry;
using Mesh.ProxyAgent.LoadBalancing;
using ProtoLoadBalancer = Mesh.Protos.Discovery.V1.LoadBalancer;

namespace Mesh.ProxyAgent.Routing;

/// <summary>The service policy's <c>loadBalancer</c>: which algorithms exist, and one balancer per subset.</summary>
internal static class LoadBalancerCompiler
{
    public const string RoundRobin = LoadBalancerAlgorithms.RoundRobin;
    public const string Random = LoadBalancerAlgorithms.Random;
    public const string LeastRequest = LoadBalancerAlgorithms.LeastRequest;
    public const string ConsistentHash = LoadBalancerAlgorithms.ConsistentHash;

    /// <summary>The algorithm a policy names, round robin when it names none.</summary>
    public static string AlgorithmOf(ProtoLoadBalancer? policy) => policy is null || policy.Algorithm.Length == 0 ? RoundRobin : policy.Algorithm;

    /// <summary>Why <paramref name="policy"/> cannot be enforced, or null.</summary>
    public static string? Problem(ProtoLoadBalancer? policy)
    {
        var algorithm = AlgorithmOf(policy);
        if (algorithm is not (RoundRobin or Random or LeastRequest or ConsistentHash))
        {
            return $"the service policy's load balancer '{algorithm}' is not one of {RoundRobin}, {Random}, {LeastRequest}, {ConsistentHash}";
        }

        if (algorithm == ConsistentHash && (policy!.HashHeader.Length == 0) == (policy.HashCookie.Length == 0))
        {
            return "the service policy's consistent-hash load balancer must hash on exactly one of a header or a cookie";
        }

        return null;
    }

    /// <summary>
    /// A balancer for one subset of a validated policy. Least-request counts on <paramref name="inFlight"/>, which must
    /// outlive the config version.
    /// </summary>
    public static ILoadBalancer Create(ProtoLoadBalancer? policy, IReadOnlyList<EndpointSnapshot> healthy, InFlightTracker inFlight) => AlgorithmOf(policy) switch
    {
        Random => new RandomChoice(System.Random.Shared),
        LeastRequest => new LeastRequest(inFlight, System.Random.Shared),
        ConsistentHash => new ConsistentHash(
            new HashRing(healthy),
            new HashKeySpec(policy!.HashHeader.Length > 0 ? policy.HashHeader : null, policy.HashCookie.Length > 0 ? policy.HashCookie : null)),
        _ => new LoadBalancing.RoundRobin(),
    };
}
