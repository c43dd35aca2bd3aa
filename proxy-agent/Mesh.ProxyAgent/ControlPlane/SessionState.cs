using System.Collections.Immutable;
using Mesh.ProxyAgent.Routing;

namespace Mesh.ProxyAgent.ControlPlane;

/// <summary>What the admin endpoints show of the control-plane session.</summary>
internal sealed record SessionState
{
    /// <summary>The silo holding the session (from Welcome), or null when disconnected.</summary>
    public string? Silo { get; init; }

    public bool Connected { get; init; }

    /// <summary>
    /// The discovery URLs of the silos the agent knows, where it reconnects: the configured ones first, then those the
    /// cluster reported last (Welcome, SiloList) or a Move named.
    /// </summary>
    public ImmutableArray<Uri> ControlPlane { get; init; } = [];

    /// <summary>At least one session got as far as Welcome since the agent started.</summary>
    public bool EverEstablished { get; init; }

    /// <summary>The agent said Goodbye and is draining before it stops.</summary>
    public bool Draining { get; init; }

    /// <summary>
    /// The snapshots put in force from the config cache (<c>Mesh:CacheDir</c>) rather than pushed, by service. A
    /// service's snapshot counts as from the cache only while it is the very one in force (compare references): a
    /// push replaces it, and a silo that has nothing newer than the cached version sends nothing, so it stays.
    /// </summary>
    public ImmutableDictionary<string, AgentServiceSnapshot> FromCache { get; init; } = ImmutableDictionary<string, AgentServiceSnapshot>.Empty;

    /// <summary>Whether <paramref name="snapshot"/>, in force, came from the config cache.</summary>
    public bool IsFromCache(AgentServiceSnapshot snapshot) =>
        FromCache.TryGetValue(snapshot.Service, out var cached) && ReferenceEquals(cached, snapshot);
}
