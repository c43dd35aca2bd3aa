namespace Mesh.ProxyAgent.Admin;

public sealed record CircuitBreakerDump
{
    public required int MaxConcurrentRequests { get; init; }

    public required int MaxPendingRequests { get; init; }
}
