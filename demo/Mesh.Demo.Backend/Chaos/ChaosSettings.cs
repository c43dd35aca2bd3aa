namespace Mesh.Demo.Backend.Chaos;

/// <summary>Faults the backend injects into its own answers: added latency and a share of failed requests.</summary>
public sealed record ChaosSettings
{
    public const int MaxLatencyMs = 60_000;

    /// <summary>Milliseconds added before every answer, 0 to <see cref="MaxLatencyMs"/>.</summary>
    public int LatencyMs { get; init; }

    /// <summary>Percentage of requests answered 503, 0 to 100.</summary>
    public int FailurePercent { get; init; }

    public static ChaosSettings None { get; } = new();

    /// <summary>What is wrong with these settings, or an empty list.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (LatencyMs is < 0 or > MaxLatencyMs)
        {
            errors.Add($"latencyMs must be 0 to {MaxLatencyMs}; it is {LatencyMs}");
        }

        if (FailurePercent is < 0 or > 100)
        {
            errors.Add($"failurePercent must be 0 to 100; it is {FailurePercent}");
        }

        return errors;
    }
}
