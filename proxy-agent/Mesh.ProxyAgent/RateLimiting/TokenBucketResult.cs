namespace Mesh.ProxyAgent.RateLimiting;

/// <summary>The answer of <see cref="TokenBucket.TryTake"/>.</summary>
/// <param name="Allowed">Whether the request took a token and may go ahead.</param>
/// <param name="RetryAfter">
/// When refused, how long until a token will be there (if nobody else takes it first); zero when allowed. The
/// <c>Retry-After</c> header wants whole seconds: round up (<see cref="RetryAfterSeconds"/>), never down to 0.
/// </param>
internal readonly record struct TokenBucketResult(bool Allowed, TimeSpan RetryAfter)
{
    /// <summary><see cref="RetryAfter"/> rounded up to whole seconds, at least 1 when refused: the <c>Retry-After</c> value.</summary>
    public int RetryAfterSeconds => Allowed ? 0 : Math.Max(1, (int)Math.Ceiling(RetryAfter.TotalSeconds));
}
