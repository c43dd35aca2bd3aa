namespace Mesh.Model.Registry;

/// <summary>Bounds on the requests one caller's proxy sends to the service at once.</summary>
[GenerateSerializer, Immutable, Alias("mesh.CircuitBreakerPolicy")]
public sealed record CircuitBreakerPolicy
{
    /// <summary>Requests in flight to the service from one caller's proxy.</summary>
    [Id(0)] public int? MaxConcurrentRequests { get; init; }

    /// <summary>Requests waiting for a slot; beyond them the caller's proxy answers 503 at once.</summary>
    [Id(1)] public int? MaxPendingRequests { get; init; }
}
