using System.Threading.RateLimiting;

namespace Mesh.ProxyAgent.Resilience;

/// <summary>
/// The answer of <see cref="ConcurrencyLimiter.AcquireAsync"/>: a slot held until disposed, or a rejection with its
/// reason. Dispose it when the request ends (response body included), in a <c>finally</c>/<c>using</c>; disposing a
/// rejection is harmless. Copies share one slot, and disposing any of them, any number of times, frees it once.
/// </summary>
internal readonly struct ConcurrencyLease : IDisposable, IEquatable<ConcurrencyLease>
{
    private readonly RateLimitLease _lease;

    internal ConcurrencyLease(RateLimitLease lease, string? rejectionReason)
    {
        _lease = lease;
        RejectionReason = rejectionReason;
    }

    /// <summary>Whether the request holds a slot and may go ahead.</summary>
    public bool IsAcquired => _lease.IsAcquired;

    /// <summary>Why the request was turned away (for the 503's <c>x-mesh-reason</c>); null when acquired.</summary>
    public string? RejectionReason { get; }

    public static bool operator ==(ConcurrencyLease left, ConcurrencyLease right) => left.Equals(right);

    public static bool operator !=(ConcurrencyLease left, ConcurrencyLease right) => !left.Equals(right);

    /// <summary>Frees the slot, handing it to the oldest waiting request if there is one.</summary>
    public void Dispose() => _lease?.Dispose();

    public bool Equals(ConcurrencyLease other) => ReferenceEquals(_lease, other._lease);

    public override bool Equals(object? obj) => obj is ConcurrencyLease other && Equals(other);

    public override int GetHashCode() => _lease?.GetHashCode() ?? 0;
}
