namespace Mesh.ProxyAgent.Resilience;

/// <summary>The service policy's <c>circuitBreaker</c>: requests in flight (1 or more) and waiting (0 or more) to one service.</summary>
internal sealed record CircuitBreakerLimits(int MaxConcurrentRequests, int MaxPendingRequests);
