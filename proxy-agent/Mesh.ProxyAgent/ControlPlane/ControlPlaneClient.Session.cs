using System.Net;
using Grpc.Core;
using Grpc.Net.Client;
using Mesh.Protos.Discovery.V1;

namespace Mesh.ProxyAgent.ControlPlane;

internal sealed partial class ControlPlaneClient
{
    /// <summary>What one session came to, for the loop's next step.</summary>
    private enum SessionOutcome
    {
        /// <summary>It never got as far as Welcome (or Move): counts toward the backoff and the cache fallback.</summary>
        Failed,

        /// <summary>It was established (Welcome), then ended or broke.</summary>
        Ended,

        /// <summary>The silo sent Move: the directory's current silo is the target.</summary>
        Moved,

        /// <summary>The <see cref="WatchRegistry"/> ended it to shed watches: reconnect to the same silo at once.</summary>
        Recycled,
    }

    /// <summary>One session with one silo.</summary>
    private async Task<SessionOutcome> RunSessionAsync(Uri silo, CancellationToken stoppingToken)
    {
        using var sessionCts = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        using var channel = GrpcChannel.ForAddress(silo, new GrpcChannelOptions
        {
            HttpHandler = CreateHandler(),
            DisposeHttpClient = true,
        });
        var session = new AgentSession();
        if (!watches.Attach(session, BuildHello))
        {
            // The agent is stopping: it must not register again.
            return SessionOutcome.Failed;
        }

        // After Hello: the silo holding this session learns a health state it may have missed.
        health.Resend(session);
        var outcome = SessionOutcome.Failed;
        LogConnecting(options.ProxyId, silo);
        try
        {
            using var call = new Discovery.DiscoveryClient(channel).Stream(cancellationToken: sessionCts.Token);
            _ = session.StartPump(call.RequestStream, sessionCts.Token);
            if (!await ReadFirstAsync(call.ResponseStream, silo, sessionCts.Token))
            {
                return SessionOutcome.Failed;
            }

            do
            {
                outcome = Handle(call.ResponseStream.Current, session, silo, outcome);
            }
            while (outcome != SessionOutcome.Moved && await call.ResponseStream.MoveNext(sessionCts.Token));

            if (outcome == SessionOutcome.Moved)
            {
                await EndForMoveAsync(session, silo, stoppingToken);
            }
            else if (session.Recycled && outcome == SessionOutcome.Ended)
            {
                outcome = SessionOutcome.Recycled;
                LogSessionEnded(silo, "the proxy recycled the session to shed watches");
            }
            else
            {
                LogSessionEnded(silo, "the silo ended the stream");
            }
        }
        catch (Exception ex) when (stoppingToken.IsCancellationRequested && ex is OperationCanceledException or RpcException)
        {
            // The host is stopping.
        }
        catch (Exception ex) when (ex is RpcException or IOException or HttpRequestException or OperationCanceledException or InvalidOperationException)
        {
            LogSessionFailed(silo, Describe(ex));
        }
        finally
        {
            watches.Detach(session);
            session.Close();
            await sessionCts.CancelAsync();
            await session.Completion.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            if (outcome != SessionOutcome.Failed)
            {
                status.Disconnected();
            }
        }

        return outcome;
    }

    /// <summary>
    /// Ends a session the silo moved away from: no Goodbye (the endpoint must stay registered through the lease), but
    /// what is queued (Acks) is written and the request stream completed, so the silo sees a clean end rather than a
    /// reset. Bounded: a silo that stopped reading must not hold up the move.
    /// </summary>
    private async Task EndForMoveAsync(AgentSession session, Uri silo, CancellationToken stoppingToken)
    {
        watches.Detach(session);
        session.Close();
        try
        {
            await session.Completion.WaitAsync(timings.GoodbyeFlushTimeout, time, stoppingToken);
        }
        catch (Exception ex) when (ex is TimeoutException or RpcException or IOException
            || (ex is OperationCanceledException && !stoppingToken.IsCancellationRequested))
        {
            LogMoveNotFlushed(silo, Describe(ex));
        }
    }

    /// <summary>Waits for the silo's first message, bounded: a frozen silo accepts connections but never answers.</summary>
    private async Task<bool> ReadFirstAsync(IAsyncStreamReader<ControlMessage> responses, Uri silo, CancellationToken sessionToken)
    {
        using var welcomeTimeout = new CancellationTokenSource(timings.WelcomeTimeout, time);
        using var first = CancellationTokenSource.CreateLinkedTokenSource(sessionToken, welcomeTimeout.Token);
        try
        {
            if (await responses.MoveNext(first.Token))
            {
                return true;
            }

            LogSessionEnded(silo, "the silo ended the stream before Welcome");
            return false;
        }
        catch (Exception ex) when (ex is OperationCanceledException or RpcException { StatusCode: StatusCode.Cancelled }
            && welcomeTimeout.IsCancellationRequested && !sessionToken.IsCancellationRequested)
        {
            LogNoWelcome(silo, timings.WelcomeTimeout.TotalSeconds);
            return false;
        }
    }

    /// <summary>Handles one message from the silo; returns what the session comes to so far.</summary>
    private SessionOutcome Handle(ControlMessage message, AgentSession session, Uri silo, SessionOutcome sofar)
    {
        switch (message.KindCase)
        {
            case ControlMessage.KindOneofCase.Welcome:
                var welcome = message.Welcome;
                // The complete list of live silos at this time, as SiloList is later.
                UpdateSilos(welcome.ControlPlaneUrls);
                status.Connected(welcome.Silo);
                LogWelcomed(options.ProxyId, welcome.Silo, silo, _silos.Known.Count, welcome.LeaseSeconds);
                return SessionOutcome.Ended;
            case ControlMessage.KindOneofCase.Config:
                session.TrySend(pushes.Handle(message.Config));
                return sofar;
            case ControlMessage.KindOneofCase.Silos:
                UpdateSilos(message.Silos.ControlPlaneUrls);
                return sofar;
            case ControlMessage.KindOneofCase.Move:
                var move = message.Move;
                if (!_silos.TryMoveTo(move.ControlPlaneUrl))
                {
                    // The silo ends the session itself if the proxy does not move; the rotation goes on from there.
                    LogMoveIgnored(silo, move.ControlPlaneUrl, move.Reason);
                    return sofar;
                }

                status.SilosKnown(_silos.Known);
                LogMoving(options.ProxyId, silo, _silos.Current, move.Reason);
                return SessionOutcome.Moved;
            default:
                // A kind added by a newer silo: ignored, as the protocol asks.
                return sofar;
        }
    }

    /// <summary>Takes the cluster's list of live silos (Welcome or SiloList) and publishes what the proxy knows now.</summary>
    private void UpdateSilos(IEnumerable<string> urls)
    {
        var (added, removed) = _silos.Replace(urls);
        status.SilosKnown(_silos.Known);
        if (added.Count > 0 || removed.Count > 0)
        {
            LogSilosChanged(_silos.Known.Count, added, removed);
        }
    }

    private static string Describe(Exception ex) => ex is RpcException rpc ? $"{rpc.StatusCode}: {rpc.Status.Detail}" : ex.Message;

    private SocketsHttpHandler CreateHandler() => new()
    {
        ConnectTimeout = timings.WelcomeTimeout,
        KeepAlivePingDelay = timings.KeepAlivePingDelay,
        KeepAlivePingTimeout = timings.KeepAlivePingTimeout,
        KeepAlivePingPolicy = HttpKeepAlivePingPolicy.Always,
        UseProxy = false,
        AutomaticDecompression = DecompressionMethods.None,
    };
}
