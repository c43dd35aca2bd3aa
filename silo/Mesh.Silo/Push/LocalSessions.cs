using System.Collections.Concurrent;
using Mesh.Protos.Discovery.V1;

namespace Mesh.Silo.Push;

/// <summary>The proxy sessions this silo holds (from Welcome to their end), for broadcasts and rebalancing.</summary>
internal sealed class LocalSessions
{
    private readonly ConcurrentDictionary<SiloProxySession, byte> _sessions = new();

    public int Count => _sessions.Count;

    public void Add(SiloProxySession session) => _sessions.TryAdd(session, 0);

    public void Remove(SiloProxySession session) => _sessions.TryRemove(session, out _);

    public IReadOnlyList<SiloProxySession> Snapshot() => _sessions.Keys.ToList();

    /// <summary>Queues <paramref name="message"/> on every session.</summary>
    public void Broadcast(ControlMessage message)
    {
        foreach (var session in _sessions.Keys)
        {
            session.Send(message);
        }
    }
}
