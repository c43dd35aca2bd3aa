using System.Collections.Concurrent;
using Mesh.Grains.Proxies;
using Mesh.Model.Proxies;
using Mesh.Silo.Discovery;

namespace Mesh.Silo.Push;

/// <summary>
/// Hands the sync state of this silo's sessions (versions sent, ACKed, NACKed) to the proxies' grains off the push
/// path: sessions note reports as they happen, and every <see cref="DiscoveryOptions.ReportPeriod"/> each session with
/// news makes one call carrying all of it. A change pushed to 10,000 proxies then costs at most one grain call per
/// proxy, made after the pushes went out instead of two calls in their midst; a burst of changes costs no more.
/// </summary>
internal sealed partial class SyncReporter(IGrainFactory grains, DiscoveryOptions options, TimeProvider time, ILogger<SyncReporter> logger) : BackgroundService
{
    private readonly ConcurrentDictionary<SiloProxySession, byte> _pending = new();

    /// <summary>Notes <paramref name="report"/> for <paramref name="session"/>'s next call to its grain.</summary>
    public void Report(SiloProxySession session, WatchReport report)
    {
        if (session.Report(report))
        {
            _pending.TryAdd(session, 0);
        }
    }

    /// <summary>Sends <paramref name="session"/>'s pending reports now (the session ends).</summary>
    public Task FlushAsync(SiloProxySession session)
    {
        _pending.TryRemove(session, out _);
        return SendAsync(session);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.ReportPeriod, time);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            var due = _pending.Keys.ToList();
            foreach (var session in due)
            {
                _pending.TryRemove(session, out _);
            }

            await Task.WhenAll(due.Select(SendAsync));
        }
    }

    private async Task SendAsync(SiloProxySession session)
    {
        var reports = session.TakeReports();
        if (reports.Count == 0)
        {
            return;
        }

        try
        {
            // Bounded: a grain on a frozen silo must not hold every other session's report.
            await grains.GetGrain<IProxySubscriptionGrain>(session.ProxyId).ReportAsync(reports).WaitAsync(options.SessionWriteTimeout, time);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // The grain's silo is gone or frozen: keep the news for the next period (by then the grain may live
            // elsewhere). Dropping it would leave the status view stale until the next change.
            LogReportFailed(e, session.ProxyId);
            if (!session.Closed)
            {
                foreach (var report in reports)
                {
                    Report(session, report);
                }
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not report the sync state of proxy {ProxyId}")]
    private partial void LogReportFailed(Exception exception, string proxyId);
}
