using System.Diagnostics;
using Mesh.Grains.Registry;
using Mesh.Protos.Discovery.V1;
using Mesh.Silo.Translation;

namespace Mesh.Silo.Push;

/// <summary>
/// This silo's view of one watched service: the newest compiled config and the local sessions that watch it.
/// Refreshes are single-flight: a change announced while one runs makes it run once more, so bursts cost at most
/// two reads of the grains and the newest version always wins. Announced changes are debounced at the trailing
/// edge only: a change after a quiet spell is pushed at once, changes in a burst are gathered until the burst
/// pauses for <see cref="Debounce.Quiet"/> (or for at most <see cref="Debounce.MaxDelay"/>), so a burst of 100
/// changes costs each proxy a few pushes instead of dozens, and a lone change pays nothing.
/// </summary>
public sealed partial class ServiceWatch(string service, IGrainFactory grains, string siloTag, ILogger logger, ServiceWatch.Debounce debounce)
{
    /// <summary>How changes in a burst are gathered into one push.</summary>
    public sealed record Debounce(TimeSpan Quiet, TimeSpan MaxDelay);

    private long _lastRefresh;
    private long _lastChange;
    private int _deferred;

    private readonly object _gate = new();
    private readonly HashSet<SiloProxySession> _sessions = [];
    private int _running;
    private int _again;

    public string Service { get; } = service;

    /// <summary>The newest config compiled on this silo, or <c>null</c> before the first read.</summary>
    public ServiceConfig? Current { get; private set; }

    /// <summary>Released by the registry when the last session leaves.</summary>
    public IAsyncDisposable? Subscription { get; set; }

    public int Add(SiloProxySession session)
    {
        lock (_gate)
        {
            _sessions.Add(session);
            if (Current is { } current)
            {
                session.Offer(current);
            }

            return _sessions.Count;
        }
    }

    public int Remove(SiloProxySession session)
    {
        lock (_gate)
        {
            _sessions.Remove(session);
            return _sessions.Count;
        }
    }

    /// <summary>A change of the service was announced: refresh now, or at the end of the burst it belongs to.</summary>
    public void OnChanged()
    {
        var now = Stopwatch.GetTimestamp();
        Volatile.Write(ref _lastChange, now);
        if (Volatile.Read(ref _deferred) == 0 && Stopwatch.GetElapsedTime(Volatile.Read(ref _lastRefresh), now) >= debounce.Quiet)
        {
            Volatile.Write(ref _lastRefresh, now);
            _ = RefreshAsync();
        }
        else if (Interlocked.CompareExchange(ref _deferred, 1, 0) == 0)
        {
            _ = RefreshAfterBurstAsync(now);
        }
    }

    private async Task RefreshAfterBurstAsync(long since)
    {
        while (true)
        {
            var now = Stopwatch.GetTimestamp();
            var quietFor = Stopwatch.GetElapsedTime(Volatile.Read(ref _lastChange), now);
            var waited = Stopwatch.GetElapsedTime(since, now);
            if (quietFor >= debounce.Quiet || waited >= debounce.MaxDelay)
            {
                break;
            }

            var rest = debounce.Quiet - quietFor < debounce.MaxDelay - waited ? debounce.Quiet - quietFor : debounce.MaxDelay - waited;
            await Task.Delay(rest);
        }

        // Cleared before the read: a change announced from here on is either in this read or schedules another.
        Volatile.Write(ref _deferred, 0);
        Volatile.Write(ref _lastRefresh, Stopwatch.GetTimestamp());
        await RefreshAsync();
    }

    /// <summary>Reads the service's documents and pushes a newer config to every local session.</summary>
    public async Task RefreshAsync()
    {
        Interlocked.Exchange(ref _again, 1);

        // Whoever holds _running drains _again; re-checking after the release closes the gap in which a change
        // could be announced after the last drain but before the release.
        while (Volatile.Read(ref _again) == 1 && Interlocked.CompareExchange(ref _running, 1, 0) == 0)
        {
            try
            {
                while (Interlocked.Exchange(ref _again, 0) == 1)
                {
                    await RefreshOnceAsync();
                }
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                LogRefreshFailed(e, Service);
            }
            finally
            {
                Interlocked.Exchange(ref _running, 0);
            }
        }
    }

    private async Task RefreshOnceAsync()
    {
        var (snapshot, routes, version) = await ServiceConfigSource.ReadAsync(grains, Service);
        if (Current is { } current && current.Version >= version.Combined)
        {
            return;
        }

        var config = SiloConfigCompiler.Compile(snapshot, routes, version, $"{siloTag}-{version.Combined}");
        SiloProxySession[] sessions;
        lock (_gate)
        {
            Current = config;
            sessions = [.. _sessions];
        }

        LogCompiled(Service, config.Version, sessions.Length);
        foreach (var session in sessions)
        {
            session.Offer(config);
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Compiled version {Version} of {Service} for {Sessions} local proxies")]
    private partial void LogCompiled(string service, long version, int sessions);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not refresh the config of {Service}; the next change or reconciliation retries")]
    private partial void LogRefreshFailed(Exception exception, string service);
}
