using Mesh.Protos.Discovery.V1;
using Mesh.Silo.Translation;

namespace Mesh.Silo.Push;

/// <summary>
/// This silo's view of one watched service: the newest compiled config and the local sessions that watch it.
/// Refreshes are single-flight: a change announced while one runs makes it run once more, so bursts cost at most
/// two reads of the documents, each version is compiled once for all local sessions, and the newest version always
/// wins. Announced changes are debounced (see <see cref="OnChanged"/>).
/// </summary>
internal sealed partial class ServiceWatch : IDisposable
{
    private readonly IServiceDocuments _documents;
    private readonly string _siloTag;
    private readonly TimeProvider _time;
    private readonly PushDebounce _debounce;
    private readonly ILogger _logger;
    private readonly ITimer _burstEnd;

    private readonly object _gate = new();
    private readonly HashSet<SiloProxySession> _sessions = [];
    private int _running;
    private int _again;

    public ServiceWatch(string service, IServiceDocuments documents, string siloTag, TimeProvider time, PushDebounce debounce, ILogger logger)
    {
        Service = service;
        _documents = documents;
        _siloTag = siloTag;
        _time = time;
        _debounce = debounce;
        _logger = logger;
        _burstEnd = time.CreateTimer(_ => EndBurst(), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
    }

    public string Service { get; }

    /// <summary>The newest config compiled on this silo, or <c>null</c> before the first read.</summary>
    public ServiceConfig? Current { get; private set; }

    /// <summary>Released by the registry when the last session leaves.</summary>
    public IAsyncDisposable? Subscription { get; set; }

    /// <summary>Makes <paramref name="session"/> watch the service, offering it the current config; returns how many watch it.</summary>
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

    /// <summary>Stops offering configs to <paramref name="session"/>; returns how many still watch the service.</summary>
    public int Remove(SiloProxySession session)
    {
        lock (_gate)
        {
            _sessions.Remove(session);
            return _sessions.Count;
        }
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

    public void Dispose() => _burstEnd.Dispose();

    private async Task RefreshOnceAsync()
    {
        var (snapshot, routes, version) = await _documents.ReadAsync(Service);
        if (Current is { } current && current.Version >= version.Combined)
        {
            return;
        }

        var config = SiloConfigCompiler.Compile(snapshot, routes, version, $"{_siloTag}-{version.Combined}");
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
