using Mesh.Protos.Discovery.V1;
using Mesh.ProxyAgent.Hosting;

namespace Mesh.ProxyAgent.ControlPlane;

/// <summary>
/// The services this proxy watches (the declared upstreams, its own service when it fronts an app, plus those the
/// app called on demand) and the session
/// they are sent on. One lock orders a session's Hello against new watches: a watch added before Hello is in it,
/// one added after is sent as Watch on that session, and none is lost between sessions.
/// </summary>
public sealed class WatchRegistry
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, long> _watchedSince = new(StringComparer.Ordinal);
    private readonly TimeProvider _time;
    private ProxySession? _current;
    private bool _closed;

    public WatchRegistry(ProxyAgentOptions options, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(options);
        _time = time;
        var now = time.GetTimestamp();
        foreach (var upstream in options.Upstreams)
        {
            _watchedSince[upstream] = now;
        }

        // A proxy that fronts an app needs its own service's policy (health check, inbound rate limit). The silo
        // answers every watch, even of a service it does not know yet (version 0), but /ready never waits for it.
        if (options.AppUrl is not null)
        {
            _watchedSince.TryAdd(options.Service, now);
        }
    }

    /// <summary>The session messages go to, or null between sessions.</summary>
    public ProxySession? Current
    {
        get
        {
            lock (_gate)
            {
                return _current;
            }
        }
    }

    public IReadOnlyList<string> Watched
    {
        get
        {
            lock (_gate)
            {
                return _watchedSince.Keys.Order(StringComparer.Ordinal).ToArray();
            }
        }
    }

    /// <summary>
    /// Makes <paramref name="session"/> current and queues its Hello (built from the watches of this moment) first.
    /// False once the agent is stopping: no new session may register the instance again.
    /// </summary>
    public bool Attach(ProxySession session, Func<IReadOnlyList<string>, ProxyMessage> hello)
    {
        ArgumentNullException.ThrowIfNull(session);
        ArgumentNullException.ThrowIfNull(hello);
        lock (_gate)
        {
            if (_closed)
            {
                return false;
            }

            session.TrySend(hello(_watchedSince.Keys.Order(StringComparer.Ordinal).ToArray()));
            _current = session;
            return true;
        }
    }

    public void Detach(ProxySession session)
    {
        lock (_gate)
        {
            if (ReferenceEquals(_current, session))
            {
                _current = null;
            }
        }
    }

    /// <summary>Refuses further sessions and hands back the current one, for Goodbye.</summary>
    public ProxySession? Close()
    {
        lock (_gate)
        {
            _closed = true;
            return _current;
        }
    }

    /// <summary>
    /// Watches <paramref name="service"/> (sending Watch on the current session if it is new) and returns the
    /// <see cref="TimeProvider"/> timestamp at which it was first watched.
    /// </summary>
    public long Watch(string service)
    {
        lock (_gate)
        {
            if (_watchedSince.TryGetValue(service, out var since))
            {
                return since;
            }

            since = _time.GetTimestamp();
            _watchedSince[service] = since;
            _current?.TrySend(new ProxyMessage { Watch = new Watch { Services = { service } } });
            return since;
        }
    }
}
