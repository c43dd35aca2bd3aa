using Mesh.Protos.Discovery.V1;
using Mesh.ProxyAgent.ControlPlane;

namespace Mesh.ProxyAgent.Health;

/// <summary>
/// This instance's health as its active health check sees it, and its delivery to the silo: every change is sent as
/// a <see cref="HealthReport"/> on the current session, and a new session repeats it right after Hello once anything
/// was ever reported (so an unhealthy state, or a recovery while disconnected, reaches the silo that now holds the
/// session). One lock orders changes against the repeat, so a session never ends on a stale state.
/// </summary>
internal sealed class InstanceHealth(WatchRegistry watches)
{
    private readonly Lock _gate = new();
    private volatile AppHealth _current = new(true, "no health check");
    private bool _reported;

    public AppHealth Current => _current;

    /// <summary>Puts <paramref name="health"/> in force and reports it to the silo.</summary>
    public void Report(AppHealth health)
    {
        ArgumentNullException.ThrowIfNull(health);
        lock (_gate)
        {
            _current = health;
            _reported = true;
            watches.Current?.TrySend(Message(health));
        }
    }

    /// <summary>Changes the detail shown without reporting (the state did not change).</summary>
    public void Describe(string detail)
    {
        lock (_gate)
        {
            _current = _current with { Detail = detail };
        }
    }

    /// <summary>Called once a new session's Hello is queued: repeats the state to that session if it was ever reported.</summary>
    public void Resend(AgentSession session)
    {
        ArgumentNullException.ThrowIfNull(session);
        lock (_gate)
        {
            if (_reported)
            {
                session.TrySend(Message(_current));
            }
        }
    }

    private static ProxyMessage Message(AppHealth health) =>
        new() { Health = new HealthReport { Healthy = health.Healthy, Detail = health.Detail } };
}
