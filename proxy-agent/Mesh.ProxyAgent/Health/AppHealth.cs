namespace Mesh.ProxyAgent.Health;

/// <summary>What the active health check last concluded about the local app, as reported to the silo.</summary>
/// <param name="Healthy">Whether the instance should receive traffic.</param>
/// <param name="Detail">Why, for operators (e.g. <c>3 probes of /healthz failed: 503</c>).</param>
internal sealed record AppHealth(bool Healthy, string Detail);
