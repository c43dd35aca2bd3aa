namespace Mesh.ProxyAgent.ControlPlane;

/// <summary>What the admin endpoints show of the control-plane session.</summary>
public sealed record SessionState
{
    /// <summary>The silo holding the session (from Welcome), or null when disconnected.</summary>
    public string? Silo { get; init; }

    public bool Connected { get; init; }

    /// <summary>At least one session got as far as Welcome since the agent started.</summary>
    public bool EverEstablished { get; init; }

    /// <summary>The agent said Goodbye and is draining before it stops.</summary>
    public bool Draining { get; init; }
}
