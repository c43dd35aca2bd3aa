using Mesh.ProxyAgent.Routing;

namespace Mesh.ProxyAgent.LoadBalancing;

/// <summary>
/// Chooses the endpoint for one request attempt. One instance serves one subset of one config version and is called
/// concurrently by every request routed there, so implementations are thread-safe.
/// </summary>
internal interface ILoadBalancer
{
    /// <summary>
    /// One of <paramref name="endpoints"/> for <paramref name="request"/>, or null when there are none. The list is
    /// what may be used right now (the subset's healthy endpoints less ejected ones, less those a retry already tried),
    /// so it may change from call to call.
    /// </summary>
    EndpointSnapshot? Pick(HttpRequest request, IReadOnlyList<EndpointSnapshot> endpoints);
}
