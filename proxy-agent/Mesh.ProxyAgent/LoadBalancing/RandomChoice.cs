using Mesh.ProxyAgent.Routing;

namespace Mesh.ProxyAgent.LoadBalancing;

/// <summary>
/// The <c>random</c> algorithm: each endpoint equally likely, independently per request.
/// </summary>
/// <param name="random">
/// The source of choices. It is called concurrently in the proxy, so pass <see cref="Random.Shared"/> there; a seeded
/// <see cref="Random"/> is not thread-safe and is for single-threaded tests only.
/// </param>
internal sealed class RandomChoice(Random random) : ILoadBalancer
{
    /// <inheritdoc/>
    public EndpointSnapshot? Pick(HttpRequest request, IReadOnlyList<EndpointSnapshot> endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        return endpoints.Count == 0 ? null : endpoints[random.Next(endpoints.Count)];
    }
}
