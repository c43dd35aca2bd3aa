namespace Mesh.ProxyAgent.Resilience;

/// <summary>
/// The failures a route retries on (<c>retryOn</c>), with Envoy's meanings, which Istio users expect: the broad
/// conditions include the narrow ones (see <see cref="RetryPolicy.IsRetriable"/>).
/// </summary>
[Flags]
internal enum RetryOn
{
    None = 0,

    /// <summary><c>connect-failure</c>: no connection could be made (refused, connect timeout); nothing was sent.</summary>
    ConnectFailure = 1,

    /// <summary><c>reset</c>: no response at all: a connect failure, a connection reset or closed mid-request, a per-try timeout.</summary>
    Reset = 2,

    /// <summary><c>5xx</c>: any 5xx response, and every failure that <see cref="Reset"/> covers.</summary>
    ServerError = 4,

    /// <summary><c>gateway-error</c>: a 502, 503 or 504 response, and every failure that <see cref="Reset"/> covers.</summary>
    GatewayError = 8,

    /// <summary><c>retriable-4xx</c>: a 409 Conflict response.</summary>
    Retriable4xx = 16,
}
