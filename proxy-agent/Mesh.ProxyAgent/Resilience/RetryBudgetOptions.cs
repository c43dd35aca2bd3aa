namespace Mesh.ProxyAgent.Resilience;

/// <summary>The limits of a <see cref="RetryBudget"/>; the defaults are the (20% over 10 s, at least 3 retries/s).</summary>
internal sealed record RetryBudgetOptions
{
    /// <summary>Retries allowed per request in the window (0.2: retries never exceed 20% of requests).</summary>
    public double RetryRatio { get; init; } = 0.2;

    /// <summary>How far back requests and retries are counted.</summary>
    public TimeSpan Window { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Retries allowed per second of window whatever the ratio, so a service with little traffic can still retry:
    /// the budget is the larger of the two, so above <c>MinRetriesPerSecond / RetryRatio</c> requests per second
    /// (15/s by default) the ratio alone binds.
    /// </summary>
    public int MinRetriesPerSecond { get; init; } = 3;

    /// <summary>The window moves in steps of <c>Window / Buckets</c> (1 s by default): counts expire a bucket at a time.</summary>
    public int Buckets { get; init; } = 10;
}
