namespace Mesh.Model.Registry;

/// <summary>Active health: each instance's own proxy probes its app.</summary>
[GenerateSerializer, Immutable, Alias("mesh.HealthCheckPolicy")]
public sealed record HealthCheckPolicy
{
    public const string DefaultInterval = "5s";
    public const int DefaultUnhealthyThreshold = 3;
    public const int DefaultHealthyThreshold = 2;

    /// <summary>What each instance's own proxy probes on its app.</summary>
    [Id(0)] public string? Path { get; init; }

    /// <summary>How often (a duration).</summary>
    [Id(1)] public string? Interval { get; init; }

    /// <summary>Failed probes before the instance leaves the callers' sets.</summary>
    [Id(2)] public int? UnhealthyThreshold { get; init; }

    /// <summary>Passed probes before it returns.</summary>
    [Id(3)] public int? HealthyThreshold { get; init; }
}
