namespace Mesh.ProxyAgent.LoadBalancing;

/// <summary>
/// Where <c>consistent-hash</c> finds a request's key: exactly one of a header (name case-insensitive) or a cookie
/// (name case-sensitive), as the service policy's <c>hashOn</c> states it.
/// </summary>
internal sealed record HashKeySpec(string? Header = null, string? Cookie = null);
