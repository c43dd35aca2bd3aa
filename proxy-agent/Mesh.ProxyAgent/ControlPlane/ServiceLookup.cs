using Mesh.ProxyAgent.Routing;

namespace Mesh.ProxyAgent.ControlPlane;

/// <summary>What <see cref="ServiceDemand"/> found for a service.</summary>
/// <param name="Snapshot">The config in force, or null when none came in time.</param>
/// <param name="Refused">The service cannot be watched now: the session watches as many services as a silo allows.</param>
internal readonly record struct ServiceLookup(AgentServiceSnapshot? Snapshot, bool Refused);
