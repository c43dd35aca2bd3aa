namespace Mesh.ProxyAgent.Resilience;

/// <summary>What one attempt came to: a response status, or a failure before any response.</summary>
internal readonly record struct AttemptOutcome(int StatusCode, AttemptFailure Failure)
{
    /// <summary>No connection was made: nothing was sent.</summary>
    public static AttemptOutcome ConnectFailed { get; } = new(0, AttemptFailure.ConnectFailure);

    /// <summary>The connection broke before a response arrived.</summary>
    public static AttemptOutcome WasReset { get; } = new(0, AttemptFailure.Reset);

    /// <summary>The per-try timeout passed before a response arrived.</summary>
    public static AttemptOutcome TimedOut { get; } = new(0, AttemptFailure.Timeout);

    /// <summary>A response with <paramref name="statusCode"/> arrived.</summary>
    public static AttemptOutcome Response(int statusCode) => new(statusCode, AttemptFailure.None);
}
