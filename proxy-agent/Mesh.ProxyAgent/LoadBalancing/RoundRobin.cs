using Mesh.ProxyAgent.Routing;

namespace Mesh.ProxyAgent.LoadBalancing;

/// <summary>
/// A lock-free round-robin cursor. It lives in a compiled subset, so a new config version starts a new cycle;
/// concurrent callers each get a distinct turn.
/// </summary>
internal sealed class RoundRobin : ILoadBalancer
{
    private int _turn = -1;

    /// <summary>The next item in turn, or null when there are none.</summary>
    public T? Next<T>(IReadOnlyList<T> items)
        where T : class
    {
        if (items.Count == 0)
        {
            return null;
        }

        var turn = (uint)Interlocked.Increment(ref _turn);
        return items[(int)(turn % (uint)items.Count)];
    }

    /// <inheritdoc/>
    public EndpointSnapshot? Pick(HttpRequest request, IReadOnlyList<EndpointSnapshot> endpoints) => Next(endpoints);
}
