namespace Mesh.ProxyAgent.Admin;

/// <summary>The answer of <c>/ready</c>: ready or not, and in words what it waits for.</summary>
public sealed record ReadinessReport(bool Ready, string Detail);
