using Mesh.ProxyAgent.ControlPlane;
using Mesh.ProxyAgent.Routing;

namespace Mesh.ProxyAgent.Admin;

/// <summary>
/// Ready when the proxy can route every declared upstream: it holds a config for each one in <c>Mesh:Upstreams</c>,
/// and it has heard from the control plane at least once (or holds configs). A draining proxy is not ready.
/// The proxy's own service, watched for its policy, is not awaited: until its config arrives nothing is rate limited
/// or probed, and waiting would gain nothing (the silo answers that watch at once, version 0 for an unknown service).
/// </summary>
public static class Readiness
{
    public static ReadinessReport Evaluate(IReadOnlyList<string> upstreams, IReadOnlyDictionary<string, ServiceSnapshot> services, SessionState session)
    {
        ArgumentNullException.ThrowIfNull(upstreams);
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(session);
        if (session.Draining)
        {
            return new ReadinessReport(false, "draining: the proxy is stopping");
        }

        var waits = new List<string>();
        if (!session.EverEstablished && services.Count == 0)
        {
            waits.Add("a control-plane session");
        }

        var missing = upstreams.Where(u => !services.ContainsKey(u)).ToArray();
        if (missing.Length > 0)
        {
            waits.Add("config of " + string.Join(", ", missing));
        }

        return waits.Count == 0 ? new ReadinessReport(true, "ready") : new ReadinessReport(false, "waiting for " + string.Join("; ", waits));
    }
}
