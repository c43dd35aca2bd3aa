using System.Threading.Channels;
using Grpc.Core;
using Grpc.Net.Client;
using Mesh.Protos.Discovery.V1;

namespace Mesh.Testing;

/// <summary>
/// A client of the proxy API that speaks the real protocol over a real gRPC stream, for testing the control
/// plane by itself: it sends what a test tells it to and hands back what the silo sends.
/// </summary>
public sealed class ProtocolClient : IAsyncDisposable
{
    private readonly GrpcChannel _channel;
    private readonly AsyncDuplexStreamingCall<ProxyMessage, ControlMessage> _call;
    private readonly Channel<ControlMessage> _received = Channel.CreateUnbounded<ControlMessage>();
    private readonly Task _reader;

    private ProtocolClient(Uri discoveryUrl)
    {
        _channel = GrpcChannel.ForAddress(discoveryUrl);
        _call = new Protos.Discovery.V1.Discovery.DiscoveryClient(_channel).Stream();
        _reader = Task.Run(async () =>
        {
            try
            {
                await foreach (var message in _call.ResponseStream.ReadAllAsync())
                {
                    await _received.Writer.WriteAsync(message);
                }

                _received.Writer.TryComplete();
            }
            catch (Exception e)
            {
                _received.Writer.TryComplete(e);
            }
        });
    }

    /// <summary>Opens a session and says Hello.</summary>
    public static Task<ProtocolClient> ConnectAsync(Uri discoveryUrl, Hello hello) =>
        OpenAsync(discoveryUrl, new ProxyMessage { Hello = hello });

    /// <summary>Opens a session whose first message is <paramref name="first"/>.</summary>
    public static async Task<ProtocolClient> OpenAsync(Uri discoveryUrl, ProxyMessage first)
    {
        var client = new ProtocolClient(discoveryUrl);
        await client.SendAsync(first);
        return client;
    }

    public static Hello Hello(string proxyId, string service, params string[] watches)
    {
        var hello = new Hello { ProxyId = proxyId, Service = service };
        hello.Watches.AddRange(watches);
        return hello;
    }

    public Task SendAsync(ProxyMessage message) => _call.RequestStream.WriteAsync(message);

    /// <summary>The next message from the silo, failing with what was awaited if none comes in time.</summary>
    public async Task<ControlMessage> NextAsync(string waitingFor, TimeSpan? timeout = null)
    {
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(10));
        try
        {
            return await _received.Reader.ReadAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"no message from the silo within {timeout ?? TimeSpan.FromSeconds(10)} while waiting for {waitingFor}");
        }
        catch (ChannelClosedException closed) when (closed.InnerException is { } reason)
        {
            // The call ended: surface why (an RpcException with the silo's status) rather than the channel's closing.
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(reason);
            throw;
        }
    }

    /// <summary>The next config of <paramref name="service"/>, skipping other messages.</summary>
    public async Task<ServiceConfig> NextConfigAsync(string service, TimeSpan? timeout = null)
    {
        while (true)
        {
            var message = await NextAsync($"a config of {service}", timeout);
            if (message.KindCase == ControlMessage.KindOneofCase.Config && message.Config.Service == service)
            {
                return message.Config;
            }
        }
    }

    /// <summary>Whether a message arrives within <paramref name="window"/> (for asserting that none does).</summary>
    public async Task<ControlMessage?> TryNextAsync(TimeSpan window)
    {
        using var cts = new CancellationTokenSource(window);
        try
        {
            return await _received.Reader.ReadAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            return null;
        }
    }

    public Task AckAsync(ServiceConfig config) =>
        SendAsync(new ProxyMessage { Ack = new Ack { Service = config.Service, Version = config.Version, Nonce = config.Nonce } });

    public Task NackAsync(ServiceConfig config, string error) =>
        SendAsync(new ProxyMessage { Nack = new Nack { Service = config.Service, Version = config.Version, Nonce = config.Nonce, Error = error } });

    /// <summary>Says Goodbye and closes the stream, as a proxy stopping gracefully does.</summary>
    public async Task GoodbyeAsync()
    {
        await SendAsync(new ProxyMessage { Goodbye = new Goodbye() });
        await _call.RequestStream.CompleteAsync();
        await _reader.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    }

    /// <summary>Drops the call without Goodbye, as a proxy that vanishes does.</summary>
    public async ValueTask DisposeAsync()
    {
        _call.Dispose();
        await _reader.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        _channel.Dispose();
    }
}
