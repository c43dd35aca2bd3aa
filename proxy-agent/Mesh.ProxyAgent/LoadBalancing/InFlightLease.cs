using System.Runtime.CompilerServices;

namespace Mesh.ProxyAgent.LoadBalancing;

/// <summary>
/// One request in flight to one endpoint, counted by an <see cref="InFlightTracker"/> until disposed. The forwarder
/// holds it for the whole attempt, response body included, and disposes it in a <c>finally</c>/<c>using</c>;
/// a lease that is never disposed makes its endpoint look busy for good. Disposing twice counts once.
/// </summary>
internal sealed class InFlightLease : IDisposable
{
    private StrongBox<int>? _counter;

    internal InFlightLease(StrongBox<int> counter)
    {
        _counter = counter;
        Interlocked.Increment(ref counter.Value);
    }

    /// <summary>Ends the request: the endpoint's count drops by one (once, however often this is called).</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _counter, null) is { } counter)
        {
            Interlocked.Decrement(ref counter.Value);
        }
    }
}
