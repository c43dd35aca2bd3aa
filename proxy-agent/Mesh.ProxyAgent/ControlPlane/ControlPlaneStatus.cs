namespace Mesh.ProxyAgent.ControlPlane;

/// <summary>The current <see cref="SessionState"/>, swapped whole so readers never see half an update.</summary>
public sealed class ControlPlaneStatus
{
    private readonly Lock _gate = new();
    private volatile SessionState _state = new();

    public SessionState State => _state;

    public void Connected(string silo) => Update(s => s with { Silo = silo, Connected = true, EverEstablished = true });

    public void Disconnected() => Update(s => s with { Silo = null, Connected = false });

    public void Draining() => Update(s => s with { Draining = true });

    private void Update(Func<SessionState, SessionState> change)
    {
        lock (_gate)
        {
            _state = change(_state);
        }
    }
}
