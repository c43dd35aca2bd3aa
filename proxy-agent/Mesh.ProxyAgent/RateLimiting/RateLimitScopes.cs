namespace Mesh.ProxyAgent.RateLimiting;

/// <summary>The wire names of <see cref="RateLimitScope"/>.</summary>
internal static class RateLimitScopes
{
    public const string Instance = "instance";

    public const string Service = "service";

    /// <summary>The scope a policy names; an empty name means <c>instance</c>; null for an unknown name.</summary>
    public static RateLimitScope? Parse(string name) => name switch
    {
        "" or Instance => RateLimitScope.Instance,
        Service => RateLimitScope.Service,
        _ => null,
    };

    public static string Name(RateLimitScope scope) => scope == RateLimitScope.Service ? Service : Instance;
}
