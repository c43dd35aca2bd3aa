using System.Collections.Immutable;
using Mesh.ProxyAgent.Routing;

namespace Mesh.ProxyAgent.ControlPlane;

/// <summary>The current <see cref="SessionState"/>, swapped whole so readers never see half an update.</summary>
internal sealed class ControlPlaneStatus
{
    private readonly Lock _gate = new();
    private volatile SessionState _state = new();

    public SessionState State => _state;

    public void Connected(string silo) => Update(s => s with { Silo = silo, Connected = true, EverEstablished = true });

    public void Disconnected() => Update(s => s with { Silo = null, Connected = false });

    public void Draining() => Update(s => s with { Draining = true });

    /// <summary>Publishes the silos the client's loop knows (a copy: the loop keeps changing its own list).</summary>
    public void SilosKnown(IEnumerable<Uri> silos)
    {
        ArgumentNullException.ThrowIfNull(silos);
        ImmutableArray<Uri> known = [.. silos];
        Update(s => s with { ControlPlane = known });
    }

    /// <summary>Records where the snapshot just put in force came from: a push, or the config cache.</summary>
    public void ConfigApplied(AgentServiceSnapshot snapshot, bool fromCache)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        if (fromCache)
        {
            Update(s => s with { FromCache = s.FromCache.SetItem(snapshot.Service, snapshot) });
        }
        else if (_state.FromCache.ContainsKey(snapshot.Service))
        {
            Update(s => s with { FromCache = s.FromCache.Remove(snapshot.Service) });
        }
    }

    private void Update(Func<SessionState, SessionState> change)
    {
        lock (_gate)
        {
            _state = change(_state);
        }
    }
}
