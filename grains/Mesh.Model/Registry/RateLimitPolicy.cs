namespace Mesh.Model.Registry;

/// <summary>A token bucket enforced in the callee's inbound proxy; over the limit the answer is 429 with Retry-After.</summary>
[GenerateSerializer, Immutable, Alias("mesh.RateLimitPolicy")]
public sealed record RateLimitPolicy
{
    /// <summary>Each instance its own budget (the default).</summary>
    public const string InstanceScope = "instance";

    /// <summary>One budget for the service, divided among its healthy instances.</summary>
    public const string ServiceScope = "service";

    /// <summary>The sustained rate.</summary>
    [Id(0)] public int? RequestsPerSecond { get; init; }

    /// <summary>Extra requests a full bucket allows.</summary>
    [Id(1)] public int? Burst { get; init; }

    /// <summary>Instance (each instance its own budget) or service (one budget divided among the healthy instances).</summary>
    [Id(2)] public string? Scope { get; init; }
}
