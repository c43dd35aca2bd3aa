using Mesh.ProxyAgent.Resilience;

namespace Mesh.ProxyAgent.Routing;

/// <summary>A route's compiled retries: the policy, the per-attempt timeout (null: bounded by the route's only) and the condition names as pushed (for dumps).</summary>
internal sealed record RetrySnapshot(RetryPolicy Policy, TimeSpan? PerTryTimeout, IReadOnlyList<string> RetryOn);
