namespace Mesh.ProxyAgent.ControlPlane;

/// <summary>The control-plane client's time budgets. Not settings: tests shorten them through DI.</summary>
internal sealed record ControlPlaneTimings
{
    /// <summary>How long a new session waits for the silo's first message (Welcome) before it tries the next silo.</summary>
    public TimeSpan WelcomeTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>The first reconnect delay; it doubles with every failed attempt.</summary>
    public TimeSpan InitialBackoff { get; init; } = TimeSpan.FromMilliseconds(100);

    public TimeSpan MaxBackoff { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>How long after a service is first watched a request for it may wait for its config.</summary>
    public TimeSpan OnDemandWait { get; init; } = TimeSpan.FromSeconds(3);

    /// <summary>
    /// How long an on-demand watch of a name the mesh does not know (version 0) is kept without a request asking for
    /// it: after that the next Hello leaves it out.
    /// </summary>
    public TimeSpan OnDemandIdle { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>At most one session recycle (reconnecting to shed aged-out watches) per this period.</summary>
    public TimeSpan SessionRecycleInterval { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>How long a stopping proxy waits for its Goodbye to be written before it drains anyway.</summary>
    public TimeSpan GoodbyeFlushTimeout { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>HTTP/2 keep-alive: a silo that stops answering pings (frozen, unplugged) ends the session.</summary>
    public TimeSpan KeepAlivePingDelay { get; init; } = TimeSpan.FromSeconds(10);

    public TimeSpan KeepAlivePingTimeout { get; init; } = TimeSpan.FromSeconds(5);
}
