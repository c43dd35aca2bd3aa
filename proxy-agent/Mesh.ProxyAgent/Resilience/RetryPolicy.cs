using Mesh.Model.Routing;

namespace Mesh.ProxyAgent.Resilience;

/// <summary>
/// A route's retry rule: whether a failed attempt is tried again. Pure and immutable; the retry budget, the per-try
/// timeout, the choice of a different endpoint and replaying the body are the caller's.
/// </summary>
/// <remarks>
/// Safety first: a request that is not idempotent (POST, PATCH, CONNECT, …) is never repeated once its body has
/// gone out, whatever the conditions say, unless the attempt failed to connect (then nothing left the proxy). A
/// repeat also needs the body again: a caller that streamed it upstream without keeping a copy cannot replay it, even
/// for an idempotent method, and must treat the attempt as final.
/// </remarks>
internal sealed class RetryPolicy
{
    private static readonly Dictionary<string, RetryOn> Names = new(StringComparer.Ordinal)
    {
        [RetryConditions.ConnectFailure] = RetryOn.ConnectFailure,
        [RetryConditions.Reset] = RetryOn.Reset,
        [RetryConditions.ServerError] = RetryOn.ServerError,
        [RetryConditions.GatewayError] = RetryOn.GatewayError,
        [RetryConditions.Retriable4xx] = RetryOn.Retriable4xx,
    };

    /// <param name="attempts">Retries allowed after the first attempt (the route's <c>retries.attempts</c>), 0 or more.</param>
    /// <param name="retryOn">The conditions retried on.</param>
    public RetryPolicy(int attempts, RetryOn retryOn)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(attempts);
        Attempts = attempts;
        Conditions = retryOn;
    }

    /// <summary>Retries allowed after the first attempt.</summary>
    public int Attempts { get; }

    /// <summary>The failures retried on.</summary>
    public RetryOn Conditions { get; }

    /// <summary>The condition a <c>retryOn</c> name stands for (<c>connect-failure</c>, <c>reset</c>, <c>5xx</c>, <c>gateway-error</c>, <c>retriable-4xx</c>).</summary>
    public static bool TryParseCondition(string name, out RetryOn condition) => Names.TryGetValue(name, out condition);

    /// <summary>
    /// Whether the method is idempotent by RFC 9110 (GET, HEAD, OPTIONS, TRACE, PUT, DELETE; case-insensitive as
    /// ASP.NET Core compares methods), so repeating it does no more than doing it once.
    /// </summary>
    public static bool IsIdempotent(string method) =>
        HttpMethods.IsGet(method) || HttpMethods.IsHead(method) || HttpMethods.IsOptions(method)
        || HttpMethods.IsTrace(method) || HttpMethods.IsPut(method) || HttpMethods.IsDelete(method);

    /// <summary>Whether <paramref name="conditions"/> cover <paramref name="outcome"/> (a success never is).</summary>
    public static bool IsRetriable(AttemptOutcome outcome, RetryOn conditions)
    {
        const RetryOn AnyNoResponse = RetryOn.Reset | RetryOn.ServerError | RetryOn.GatewayError;
        var covering = outcome.Failure switch
        {
            AttemptFailure.ConnectFailure => RetryOn.ConnectFailure | AnyNoResponse,
            AttemptFailure.Reset or AttemptFailure.Timeout => AnyNoResponse,
            _ => outcome.StatusCode switch
            {
                502 or 503 or 504 => RetryOn.ServerError | RetryOn.GatewayError,
                >= 500 and <= 599 => RetryOn.ServerError,
                409 => RetryOn.Retriable4xx,
                _ => RetryOn.None,
            },
        };
        return (covering & conditions) != RetryOn.None;
    }

    /// <summary>
    /// Whether to retry after an attempt that ended in <paramref name="outcome"/>.
    /// </summary>
    /// <param name="retriesSoFar">Retries already made for this request (0 after the first attempt).</param>
    /// <param name="idempotent">See <see cref="IsIdempotent"/>.</param>
    /// <param name="bodySent">Whether any byte of the request body went to the upstream in this or an earlier attempt.</param>
    public RetryDecision Decide(AttemptOutcome outcome, int retriesSoFar, bool idempotent, bool bodySent)
    {
        if (!IsRetriable(outcome, Conditions))
        {
            return RetryDecision.NotRetriable;
        }

        if (retriesSoFar >= Attempts)
        {
            return RetryDecision.AttemptsExhausted;
        }

        if (!idempotent && bodySent && outcome.Failure != AttemptFailure.ConnectFailure)
        {
            return RetryDecision.UnsafeToRepeat;
        }

        return RetryDecision.Retry;
    }
}
