namespace Mesh.ProxyAgent.RateLimiting;

/// <summary>A token bucket's size: refill per second and capacity.</summary>
internal readonly record struct RateLimitQuota(int RequestsPerSecond, int Burst);
