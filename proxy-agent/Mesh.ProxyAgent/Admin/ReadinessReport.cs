namespace Mesh.ProxyAgent.Admin;

/// <summary>The answer of <c>/ready</c>: ready or not, and in words what it waits for.</summary>
internal sealed record ReadinessReport(bool Ready, string Detail);
