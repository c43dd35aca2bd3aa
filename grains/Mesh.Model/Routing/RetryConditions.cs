namespace Mesh.Model.Routing;

/// <summary>The failures a route's <c>retries.retryOn</c> may name, as proxies know them.</summary>
public static class RetryConditions
{
    public const string ConnectFailure = "connect-failure";
    public const string Reset = "reset";
    public const string ServerError = "5xx";
    public const string GatewayError = "gateway-error";
    public const string Retriable4xx = "retriable-4xx";

    /// <summary>Every condition, in the order the admin UI offers them.</summary>
    public static readonly IReadOnlyList<string> All = [ConnectFailure, Reset, ServerError, GatewayError, Retriable4xx];

    /// <summary>What the admin UI proposes for a route that gets retries.</summary>
    public static readonly IReadOnlyList<string> Suggested = [ConnectFailure, ServerError];

    public static bool IsKnown(string? condition) => condition is ConnectFailure or Reset or ServerError or GatewayError or Retriable4xx;
}
