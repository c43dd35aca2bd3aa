using Mesh.ProxyAgent.Routing;

namespace Mesh.ProxyAgent.RateLimiting;

/// <summary>
/// The inbound rate limit of this instance, from its own service's policy: one <see cref="TokenBucket"/> kept across
/// config versions. A new config with the same limit but another number of healthy endpoints re-divides the bucket
/// (<see cref="TokenBucket.Resize"/>, tokens carried over); a changed quota or scope starts a fresh, full bucket; no
/// limit (or no config yet) admits everything.
/// </summary>
internal sealed class InboundRateLimiter(TimeProvider time)
{
    private readonly Lock _gate = new();
    private AgentServiceSnapshot? _appliedFrom;
    private RateLimitSpec? _spec;
    private TokenBucket? _bucket;

    /// <summary>Takes a token for one inbound request under <paramref name="own"/> (this instance's service config, if any).</summary>
    public TokenBucketResult TryTake(AgentServiceSnapshot? own) => BucketFor(own)?.TryTake() ?? new TokenBucketResult(true, TimeSpan.Zero);

    private TokenBucket? BucketFor(AgentServiceSnapshot? own)
    {
        lock (_gate)
        {
            // A request that read the table just before a swap may come after one that read it just after: it uses
            // the newer bucket rather than switching back (which could start a fresh, full bucket twice).
            if (ReferenceEquals(own, _appliedFrom) || (own is not null && _appliedFrom is not null && own.Version < _appliedFrom.Version))
            {
                return _bucket;
            }

            _appliedFrom = own;
            if (own?.RateLimit is not { } spec)
            {
                (_spec, _bucket) = (null, null);
                return null;
            }

            var quota = spec.For(own.Endpoints.Count(e => e.Healthy));
            if (_bucket is null || spec != _spec)
            {
                _bucket = new TokenBucket(quota.RequestsPerSecond, quota.Burst, time);
            }
            else if (quota.RequestsPerSecond != _bucket.RequestsPerSecond || quota.Burst != _bucket.Burst)
            {
                _bucket.Resize(quota.RequestsPerSecond, quota.Burst);
            }

            _spec = spec;
            return _bucket;
        }
    }
}
