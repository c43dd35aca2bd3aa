using Mesh.Protos.Discovery.V1;
using Mesh.ProxyAgent.Hosting;
using Mesh.ProxyAgent.Routing;

namespace Mesh.ProxyAgent.ControlPlane;

/// <summary>
/// The services this proxy watches and the session they are sent on. Pinned watches (the declared upstreams, and its
/// own service when it fronts an app) are always watched; others are watched on demand, when the app calls them. One
/// lock orders a session's Hello against new watches: a watch added before Hello is in it, one added after is sent as
/// Watch on that session, and none is lost between sessions.
/// </summary>
/// <remarks>
/// A silo ends a session that names more than <see cref="SessionLimit"/> services (Hello and Watch messages together)
/// and refuses every Hello listing more, so an app calling arbitrary Host names could otherwise cut its proxy off
/// from the control plane for good. A new on-demand name is therefore sent only while the session has room, and is
/// refused otherwise. An on-demand name the mesh does not know (the silo answered version 0) that no request asked
/// for within <see cref="ControlPlaneTimings.OnDemandIdle"/> ages out: the next Hello leaves it out. Hellos name at
/// most the limit: pinned first, then known mesh services, then the most recently demanded. When the session's room
/// is spent and aged-out names could be shed, the registry recycles the session (ends it, so that the client opens
/// one with a smaller Hello), at most once per <see cref="ControlPlaneTimings.SessionRecycleInterval"/>.
/// </remarks>
internal sealed partial class WatchRegistry
{
    /// <summary>The silo's per-session limit of watched services: Hello and Watch messages of one session together never name more.</summary>
    public const int SessionLimit = Model.Proxies.ProxyHello.MaxWatches;

    private readonly Lock _gate = new();
    private readonly Dictionary<string, WatchEntry> _entries = new(StringComparer.Ordinal);
    private readonly HashSet<string> _sent = new(StringComparer.Ordinal);
    private readonly RoutingTable _table;
    private readonly ControlPlaneTimings _timings;
    private readonly TimeProvider _time;
    private readonly ILogger<WatchRegistry> _logger;
    private AgentSession? _current;
    private long? _lastRecycle;
    private bool _closed;

    public WatchRegistry(ProxyAgentOptions options, RoutingTable table, ControlPlaneTimings timings, TimeProvider time, ILogger<WatchRegistry> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        (_table, _timings, _time, _logger) = (table, timings, time, logger);
        var now = time.GetTimestamp();
        foreach (var upstream in options.Upstreams)
        {
            _entries[upstream] = new WatchEntry(pinned: true, now);
        }

        // A proxy that fronts an app needs its own service's policy (health check, inbound rate limit). The silo
        // answers every watch, even of a service it does not know yet (version 0), but /ready never waits for it.
        if (options.AppUrl is not null)
        {
            _entries.TryAdd(options.Service, new WatchEntry(pinned: true, now));
        }
    }

    /// <summary>The session messages go to, or null between sessions.</summary>
    public AgentSession? Current
    {
        get
        {
            lock (_gate)
            {
                return _current;
            }
        }
    }

    /// <summary>The services watched now (the next Hello names at most <see cref="SessionLimit"/> of them).</summary>
    public IReadOnlyList<string> Watched
    {
        get
        {
            lock (_gate)
            {
                return _entries.Keys.Order(StringComparer.Ordinal).ToArray();
            }
        }
    }

    /// <summary>
    /// Makes <paramref name="session"/> current and queues its Hello first, built from at most
    /// <see cref="SessionLimit"/> of the watches of this moment (sorted); names left out are no longer watched.
    /// False once the agent is stopping: no new session may register the instance again.
    /// </summary>
    public bool Attach(AgentSession session, Func<IReadOnlyList<string>, ProxyMessage> hello)
    {
        ArgumentNullException.ThrowIfNull(session);
        ArgumentNullException.ThrowIfNull(hello);
        lock (_gate)
        {
            if (_closed)
            {
                return false;
            }

            var watched = ChooseForHello(_time.GetTimestamp());
            session.TrySend(hello(watched));
            _sent.Clear();
            _sent.UnionWith(watched);
            _current = session;
            return true;
        }
    }

    public void Detach(AgentSession session)
    {
        lock (_gate)
        {
            if (ReferenceEquals(_current, session))
            {
                _current = null;
                _sent.Clear();
            }
        }
    }

    /// <summary>Refuses further sessions and hands back the current one, for Goodbye.</summary>
    public AgentSession? Close()
    {
        lock (_gate)
        {
            _closed = true;
            return _current;
        }
    }

    /// <summary>
    /// Records a request for <paramref name="service"/> and watches it if it is new (sending Watch on the current
    /// session). False when it cannot be watched now (the session has no room); otherwise <paramref name="since"/>
    /// is the <see cref="TimeProvider"/> timestamp at which it was first watched.
    /// </summary>
    public bool TryWatch(string service, out long since)
    {
        lock (_gate)
        {
            var now = _time.GetTimestamp();
            if (_entries.TryGetValue(service, out var entry))
            {
                entry.LastDemand = now;
                since = entry.Since;
                if (_current is null || _sent.Contains(service))
                {
                    return true;
                }
            }
            else if (_current is not null && _sent.Contains(service))
            {
                // Aged out, but this session still watches it: no need to send it again.
                _entries[service] = new WatchEntry(pinned: false, now);
                since = now;
                return true;
            }

            if (!HasRoom())
            {
                AgeOut(now);
                TryRecycle(now);
                if (!HasRoom())
                {
                    since = 0;
                    return false;
                }
            }

            entry ??= _entries[service] = new WatchEntry(pinned: false, now);
            since = entry.Since;
            if (_current is not null)
            {
                _current.TrySend(new ProxyMessage { Watch = new Watch { Services = { service } } });
                _sent.Add(service);
            }

            return true;
        }
    }

    /// <summary>Whether one more name fits: on the live session, or in the next Hello between sessions.</summary>
    private bool HasRoom() => (_current is null ? _entries.Count : _sent.Count) < SessionLimit;

    /// <summary>Whether the silo answered <paramref name="service"/> with a config of a service it knows.</summary>
    private bool IsMeshService(string service) => _table.Services.TryGetValue(service, out var snapshot) && snapshot.Version > 0;

    /// <summary>Drops the on-demand names the mesh does not know that no request asked for within the idle period.</summary>
    private void AgeOut(long now)
    {
        foreach (var (service, entry) in _entries)
        {
            if (!entry.Pinned && _time.GetElapsedTime(entry.LastDemand, now) >= _timings.OnDemandIdle && !IsMeshService(service))
            {
                _entries.Remove(service);
            }
        }
    }

    /// <summary>Pinned first, then known mesh services, then the most recently demanded, up to the limit; the rest go.</summary>
    private string[] ChooseForHello(long now)
    {
        AgeOut(now);
        var chosen = _entries
            .OrderByDescending(e => e.Value.Pinned)
            .ThenByDescending(e => IsMeshService(e.Key))
            .ThenByDescending(e => e.Value.LastDemand)
            .Take(SessionLimit)
            .Select(e => e.Key)
            .Order(StringComparer.Ordinal)
            .ToArray();
        if (chosen.Length < _entries.Count)
        {
            var kept = chosen.ToHashSet(StringComparer.Ordinal);
            var dropped = 0;
            foreach (var (service, entry) in _entries)
            {
                if (!entry.Pinned && !kept.Contains(service))
                {
                    _entries.Remove(service);
                    dropped++;
                }
            }

            LogHelloCapped(dropped, SessionLimit);
        }

        return chosen;
    }

    /// <summary>Ends the current session, so that the next Hello leaves out what aged out; rate-limited.</summary>
    private void TryRecycle(long now)
    {
        if (_current is null || (_lastRecycle is { } last && _time.GetElapsedTime(last, now) < _timings.SessionRecycleInterval))
        {
            return;
        }

        var shed = _sent.Count(s => !_entries.ContainsKey(s));
        if (shed == 0)
        {
            return;
        }

        _lastRecycle = now;
        LogRecycling(_sent.Count, shed);
        _current.Recycle();
        _current = null;
        _sent.Clear();
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Watching {Limit} services, the most one session allows: {Dropped} on-demand watches left out of the Hello")]
    private partial void LogHelloCapped(int dropped, int limit);

    [LoggerMessage(Level = LogLevel.Information, Message = "The session watches {Watched} services, {Shed} of them no longer asked for: reconnecting to shed them")]
    private partial void LogRecycling(int watched, int shed);
}
