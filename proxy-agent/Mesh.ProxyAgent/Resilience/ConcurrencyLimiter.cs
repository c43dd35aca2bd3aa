using System.Threading.RateLimiting;
using Bcl = System.Threading.RateLimiting;

namespace Mesh.ProxyAgent.Resilience;

/// <summary>
/// Circuit breaking by concurrency, as the service policy's <c>circuitBreaker</c>: up to
/// <see cref="MaxConcurrentRequests"/> requests in flight, up to <see cref="MaxPendingRequests"/> more waiting, in
/// arrival order, for a slot; beyond that a request is rejected at once with a reason instead of queueing without
/// bound. Built on the framework's <see cref="Bcl.ConcurrencyLimiter"/> (oldest first), which needs no clock.
/// Thread-safe.
/// </summary>
/// <remarks>
/// A waiting request gets the slot the moment one is freed (the oldest waiter first), or gives up when its caller's
/// token is cancelled: <see cref="AcquireAsync"/> then throws <see cref="OperationCanceledException"/> and the request
/// leaves the queue. Keep one limiter per service for the proxy's lifetime: a new limiter (say, for changed limits)
/// starts with nothing in flight, so until the old one's leases end both admit requests, up to twice the limit for a
/// moment; leases of the old one must still be disposed on it, which disposing the lease does.
/// </remarks>
internal sealed class ConcurrencyLimiter : IDisposable
{
    private readonly Bcl.ConcurrencyLimiter _limiter;
    private readonly string _rejection;

    /// <param name="maxConcurrentRequests">Requests in flight at once (1 or more).</param>
    /// <param name="maxPendingRequests">Requests waiting for a slot (0 or more; 0 rejects as soon as all slots are taken).</param>
    public ConcurrencyLimiter(int maxConcurrentRequests, int maxPendingRequests)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxConcurrentRequests, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(maxPendingRequests);
        MaxConcurrentRequests = maxConcurrentRequests;
        MaxPendingRequests = maxPendingRequests;
        _limiter = new Bcl.ConcurrencyLimiter(new ConcurrencyLimiterOptions
        {
            PermitLimit = maxConcurrentRequests,
            QueueLimit = maxPendingRequests,
            QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
        });
        _rejection = $"circuit breaker: {maxConcurrentRequests} requests in flight (maxConcurrentRequests) and {maxPendingRequests} waiting (maxPendingRequests)";
    }

    /// <summary>Requests that may hold a slot at once.</summary>
    public int MaxConcurrentRequests { get; }

    /// <summary>Requests that may wait for a slot at once.</summary>
    public int MaxPendingRequests { get; }

    /// <summary>Requests holding a slot now.</summary>
    public int InFlight => MaxConcurrentRequests - (int)(_limiter.GetStatistics()?.CurrentAvailablePermits ?? MaxConcurrentRequests);

    /// <summary>Requests waiting for a slot now.</summary>
    public int Pending => (int)(_limiter.GetStatistics()?.CurrentQueuedCount ?? 0);

    /// <summary>
    /// A slot for one request: at once when one is free and nobody waits; after waiting when all are taken and the
    /// queue has room; a rejection at once (completed synchronously, <see cref="ConcurrencyLease.IsAcquired"/> false)
    /// when the queue is full too. Throws <see cref="OperationCanceledException"/> if
    /// <paramref name="cancellationToken"/> is cancelled while waiting.
    /// </summary>
    public async ValueTask<ConcurrencyLease> AcquireAsync(CancellationToken cancellationToken)
    {
        var lease = await _limiter.AcquireAsync(1, cancellationToken);
        return new ConcurrencyLease(lease, lease.IsAcquired ? null : _rejection);
    }

    /// <summary>Rejects every waiting request; slots held stay valid until disposed.</summary>
    public void Dispose() => _limiter.Dispose();
}
