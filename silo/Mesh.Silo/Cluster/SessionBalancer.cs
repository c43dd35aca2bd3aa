using Mesh.Grains.Cluster;
using Mesh.Protos.Discovery.V1;
using Mesh.Silo.Api;
using Mesh.Silo.Discovery;
using Mesh.Silo.Push;

namespace Mesh.Silo.Cluster;

/// <summary>
/// Keeps proxies told of the live silos and evens out the sessions between silos. Every
/// <see cref="RebalanceOptions.Period"/> it reports this silo's session count to the silo directory, which answers with
/// every live silo's; a changed list of silos goes to every local proxy as SiloList. When this silo holds more than
/// its fair share (see <see cref="SessionBalance"/>), it tells that many of its proxies, picked at random among those
/// connected for a while, to move, spaced out at <see cref="RebalanceOptions.MovesPerSecond"/>. A proxy that does not
/// move within <see cref="RebalanceOptions.MoveGrace"/> has its session ended. Once every proxy told to move is gone,
/// it waits two more periods, so that the next plan counts them where they arrived.
/// </summary>
internal sealed partial class SessionBalancer(
    IGrainFactory grains,
    ILocalSiloDetails silo,
    LocalSessions sessions,
    ControlPlaneView view,
    RebalanceOptions options,
    DiscoveryOptions discovery,
    TimeProvider time,
    ILogger<SessionBalancer> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var self = silo.SiloAddress.ToString();
        var quietSince = 0L;
        var moving = new List<SiloProxySession>();
        // The list last sent to the local proxies (Welcome also refreshes the view, so the view cannot tell what changed).
        var told = new HashSet<string>(StringComparer.Ordinal);
        using var timer = new PeriodicTimer(options.Period, time);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            IReadOnlyList<SiloLoad> silos;
            try
            {
                var report = new SiloSessions { Silo = self, Sessions = sessions.Count, ValidFor = options.Period * 3 };
                silos = await grains.GetGrain<ISiloDirectoryGrain>(ISiloDirectoryGrain.Key)
                    .ReportSessionsAsync(report, view.LiveSilos())
                    .WaitAsync(discovery.SessionWriteTimeout, stoppingToken);
            }
            catch (Exception e) when (Unavailability.IsUnavailable(e))
            {
                LogDirectoryUnavailable(e);
                continue;
            }

            var urls = silos.Select(s => s.Info.DiscoveryUrl).ToList();
            view.Set(urls);
            if (!told.SetEquals(urls))
            {
                told = urls.ToHashSet(StringComparer.Ordinal);
                sessions.Broadcast(new ControlMessage { Silos = new SiloList { ControlPlaneUrls = { urls } } });
                LogSilosChanged(urls.Count, urls, sessions.Count);
            }

            if (moving.Count > 0)
            {
                // Until the proxies told to move are gone (or ended), the counts do not show the moves yet.
                moving.RemoveAll(m => m.Closed);
                quietSince = time.GetTimestamp();
                continue;
            }

            if (!options.Enabled || time.GetElapsedTime(quietSince) < options.Period * 2)
            {
                continue;
            }

            var plan = SessionBalance.Plan(self, silos, options, (int)Math.Ceiling(options.MovesPerSecond * options.Period.TotalSeconds));
            if (plan.Count > 0)
            {
                var mine = silos.Single(s => s.Info.Silo == self).Sessions!.Value;
                var fair = SessionBalance.FairShare(silos);
                moving = await MoveAsync(plan, $"rebalancing: this silo holds {mine} proxy sessions, the fair share of {silos.Count} silos is {fair:F0}", stoppingToken);
                LogMoved(moving.Count, mine, fair, plan);
            }
        }
    }

    private async Task<List<SiloProxySession>> MoveAsync(IReadOnlyList<SessionMove> plan, string reason, CancellationToken stoppingToken)
    {
        var candidates = sessions.Snapshot().Where(s => !s.Closed && !s.Moving && time.GetElapsedTime(s.OpenedAt) >= options.MinSessionAge).ToArray();
        Random.Shared.Shuffle(candidates);
        var spacing = TimeSpan.FromSeconds(1d / options.MovesPerSecond);
        var next = 0;
        var moved = new List<SiloProxySession>();
        foreach (var move in plan)
        {
            for (var i = 0; i < move.Count && next < candidates.Length; next++)
            {
                var session = candidates[next];
                if (session.TryMove(new Move { ControlPlaneUrl = move.DiscoveryUrl, Reason = reason }))
                {
                    i++;
                    moved.Add(session);
                    _ = EvictIfStillHereAsync(session, stoppingToken);
                    await Task.Delay(spacing, time, stoppingToken);
                }
            }
        }

        return moved;
    }

    /// <summary>Ends the session of a proxy that was told to move and did not (an older agent ignores Move).</summary>
    private async Task EvictIfStillHereAsync(SiloProxySession session, CancellationToken stoppingToken)
    {
        try
        {
            await Task.Delay(options.MoveGrace, time, stoppingToken);
        }
        catch (OperationCanceledException)
        {
            return;
        }

        if (!session.Closed)
        {
            LogEvicted(session.ProxyId, options.MoveGrace.TotalSeconds);
            session.Evict();
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Live silos changed: {Count} ({Urls}); told {Sessions} local proxies")]
    private partial void LogSilosChanged(int count, List<string> urls, int sessions);

    [LoggerMessage(Level = LogLevel.Information, Message = "Rebalancing: told {Moved} proxies to move ({Plan}); this silo held {Sessions}, the fair share is {Fair:F1}")]
    private partial void LogMoved(int moved, int sessions, double fair, IReadOnlyList<SessionMove> plan);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Proxy {ProxyId} did not move within {Seconds} s of being told; ending its session")]
    private partial void LogEvicted(string proxyId, double seconds);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Could not report this silo's sessions to the silo directory; trying again next period")]
    private partial void LogDirectoryUnavailable(Exception exception);
}
