using System.Net;
using Grpc.Core;
using Grpc.Net.Client;
using Mesh.Protos.Discovery.V1;

namespace Mesh.ProxyAgent.ControlPlane;

public sealed partial class ControlPlaneClient
{
    /// <summary>One session with one silo; true when it got as far as Welcome.</summary>
    private async Task<bool> RunSessionAsync(Uri silo, CancellationToken stoppingToken)
    {
        using var sessionCts = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        using var channel = GrpcChannel.ForAddress(silo, new GrpcChannelOptions
        {
            HttpHandler = CreateHandler(),
            DisposeHttpClient = true,
        });
        var session = new ProxySession();
        if (!watches.Attach(session, BuildHello))
        {
            // The agent is stopping: it must not register again.
            return false;
        }

        // After Hello: the silo holding this session learns a health state it may have missed.
        health.Resend(session);
        var established = false;
        LogConnecting(options.ProxyId, silo);
        try
        {
            using var call = new Discovery.DiscoveryClient(channel).Stream(cancellationToken: sessionCts.Token);
            _ = session.StartPump(call.RequestStream, sessionCts.Token);
            if (!await ReadFirstAsync(call.ResponseStream, silo, sessionCts.Token))
            {
                return false;
            }

            established = Handle(call.ResponseStream.Current, session, silo);
            while (await call.ResponseStream.MoveNext(sessionCts.Token))
            {
                established |= Handle(call.ResponseStream.Current, session, silo);
            }

            LogSessionEnded(silo, "the silo ended the stream");
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
            if (established)
            {
                status.Disconnected();
            }
        }

        return established;
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

    /// <summary>Handles one message from the silo; true for Welcome.</summary>
    private bool Handle(ControlMessage message, ProxySession session, Uri silo)
    {
        switch (message.KindCase)
        {
            case ControlMessage.KindOneofCase.Welcome:
                var welcome = message.Welcome;
                var added = _silos.Merge(welcome.ControlPlaneUrls);
                status.Connected(welcome.Silo);
                LogWelcomed(options.ProxyId, welcome.Silo, silo, added, welcome.LeaseSeconds);
                return true;
            case ControlMessage.KindOneofCase.Config:
                session.TrySend(pushes.Handle(message.Config));
                return false;
            default:
                // A kind added by a newer silo: ignored, as the protocol asks.
                return false;
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
