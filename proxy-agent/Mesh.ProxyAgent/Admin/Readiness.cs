using Mesh.ProxyAgent.ControlPlane;
using Mesh.ProxyAgent.Routing;

namespace Mesh.ProxyAgent.Admin;

/// <summary>
/// Ready when the proxy can route every declared upstream: it holds a config for each one in <c>Mesh:Upstreams</c>,
/// and it has heard from the control plane at least once (or holds configs). A draining proxy is not ready.
/// The proxy's own service, watched for its policy, is not awaited: until its config arrives nothing is rate limited
/// or probed, and waiting would gain nothing (the silo answers that watch at once, version 0 for an unknown service).
/// A proxy serving configs from its cache (<c>Mesh:CacheDir</c>) while no silo answers is ready: those configs are
/// the last ones it accepted, validated again, which is all a proxy that lost its silos has anyway; the detail says
/// "ready from cache" and names them.
/// </summary>
internal static class Readiness
{
    public static ReadinessReport Evaluate(IReadOnlyList<string> upstreams, IReadOnlyDictionary<string, AgentServiceSnapshot> services, SessionState session)
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

        if (waits.Count > 0)
        {
            return new ReadinessReport(false, "waiting for " + string.Join("; ", waits));
        }

        var cached = services.Values.Where(session.IsFromCache).OrderBy(s => s.Service, StringComparer.Ordinal).ToArray();
        return session.Connected || cached.Length == 0
            ? new ReadinessReport(true, "ready")
            : new ReadinessReport(true, "ready from cache: no control-plane session; serving the cached configs of " +
                string.Join(", ", cached.Select(s => $"{s.Service} (version {s.Version})")));
    }
}
