namespace Mesh.ProxyAgent.Resilience;

/// <summary>The verdict of <see cref="RetryPolicy.Decide"/>, with the reason when it is not a retry.</summary>
internal enum RetryDecision
{
    /// <summary>Send another attempt (to a different endpoint where one exists), if the retry budget allows.</summary>
    Retry,

    /// <summary>The outcome is not a failure any listed condition covers: pass it to the caller.</summary>
    NotRetriable,

    /// <summary>The outcome is retriable but every allowed retry has been made.</summary>
    AttemptsExhausted,

    /// <summary>
    /// The outcome is retriable but the request is not idempotent and its body already went out, so the upstream
    /// may have acted on it: a retry could do it twice.
    /// </summary>
    UnsafeToRepeat,
}
