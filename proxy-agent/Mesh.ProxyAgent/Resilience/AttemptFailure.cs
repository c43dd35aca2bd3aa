namespace Mesh.ProxyAgent.Resilience;

/// <summary>How an attempt failed without a response from the upstream.</summary>
internal enum AttemptFailure
{
    /// <summary>The attempt got a response (see <see cref="AttemptOutcome.StatusCode"/>).</summary>
    None,

    /// <summary>No connection was made, so no byte of the request left the proxy.</summary>
    ConnectFailure,

    /// <summary>The connection broke after the request started going out and before a response arrived.</summary>
    Reset,

    /// <summary>The per-try timeout passed before a response arrived; the attempt was cancelled.</summary>
    Timeout,
}
