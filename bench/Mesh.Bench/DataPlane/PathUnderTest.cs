namespace Mesh.Bench.DataPlane;

/// <summary>One way to reach the upstream: the URL the load goes to, the Host it sends, and the proxy processes on the way.</summary>
public sealed record PathUnderTest(string Name, Uri Url, string? Host, IReadOnlyList<int> ProxyPids);
