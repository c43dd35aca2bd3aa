namespace Mesh.Model.Registry;

/// <summary>Passive health: endpoints that keep failing are ejected from callers' sets for a while.</summary>
[GenerateSerializer, Immutable, Alias("mesh.OutlierDetectionPolicy")]
public sealed record OutlierDetectionPolicy
{
    public const int DefaultConsecutive5xx = 5;
    public const string DefaultInterval = "10s";
    public const string DefaultBaseEjectionTime = "30s";
    public const int DefaultMaxEjectionPercent = 10;

    /// <summary>Consecutive failures that eject an endpoint.</summary>
    [Id(0)] public int? Consecutive5xx { get; init; }

    /// <summary>How often ejections are reconsidered (a duration).</summary>
    [Id(1)] public string? Interval { get; init; }

    /// <summary>How long a first ejection lasts; repeat offenders stay out longer.</summary>
    [Id(2)] public string? BaseEjectionTime { get; init; }

    /// <summary>The most of the set ever ejected at once.</summary>
    [Id(3)] public int? MaxEjectionPercent { get; init; }
}
