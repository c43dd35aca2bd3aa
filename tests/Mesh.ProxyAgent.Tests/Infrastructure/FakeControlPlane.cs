using System.Collections.Concurrent;
using System.Net;
using System.Threading.Channels;
using Grpc.Core;
using Mesh.Protos.Discovery.V1;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Mesh.ProxyAgent.Tests.Infrastructure;

/// <summary>
/// A stand-in silo: the Discovery service on a loopback h2c port. It answers Hello with Welcome and the configs it
/// holds for the watched services (newer than held), answers Watch the same way, pushes configs, SiloList and Move on
/// demand, and records every message a proxy sends and every session that ends.
/// </summary>
public sealed class FakeControlPlane : IAsyncDisposable
{
    private readonly ConcurrentDictionary<string, ServiceConfig> _configs = new(StringComparer.Ordinal);
    private WebApplication? _app;
    private volatile Channel<ControlMessage>? _session;
    private volatile HttpContext? _sessionContext;

    private FakeControlPlane(string name, int port)
    {
        Name = name;
        Url = $"http://127.0.0.1:{port}";
        Port = port;
    }

    public string Name { get; }

    public string Url { get; }

    public int Port { get; }

    /// <summary>Other discovery URLs reported in Welcome, besides this one.</summary>
    public List<string> Peers { get; } = [];

    /// <summary>Every message proxies sent, in order.</summary>
    public Channel<ProxyMessage> Received { get; } = Channel.CreateUnbounded<ProxyMessage>();

    /// <summary>The proxy id of every session that ended (however it ended), in order.</summary>
    public Channel<string> Ended { get; } = Channel.CreateUnbounded<string>();

    public static async Task<FakeControlPlane> StartAsync(string name)
    {
        var port = FreePort.Next();
        var controlPlane = new FakeControlPlane(name, port);
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, port, o => o.Protocols = HttpProtocols.Http2));
        builder.Services.AddGrpc();
        builder.Services.AddSingleton(controlPlane);
        controlPlane._app = builder.Build();
        controlPlane._app.MapGrpcService<FakeDiscoveryService>();
        await controlPlane._app.StartAsync();
        return controlPlane;
    }

    /// <summary>The config sent to proxies that watch the service from now on.</summary>
    public void Hold(ServiceConfig config) => _configs[config.Service] = config;

    /// <summary>Holds the config and pushes it on the current session.</summary>
    public void Push(ServiceConfig config)
    {
        Hold(config);
        Send(new ControlMessage { Config = config });
    }

    /// <summary>Sends SiloList on the current session: the discovery URLs of the live silos.</summary>
    public void SendSilos(params string[] urls) => Send(new ControlMessage { Silos = new SiloList { ControlPlaneUrls = { urls } } });

    /// <summary>Sends Move on the current session: the proxy should reconnect at <paramref name="url"/>.</summary>
    public void Move(string url, string reason) => Send(new ControlMessage { Move = new Move { ControlPlaneUrl = url, Reason = reason } });

    /// <summary>Breaks the current session's connection, as a crashing silo would.</summary>
    public void AbortSession() => _sessionContext?.Abort();

    /// <summary>The next message of the given kind, skipping others; fails naming what it waited for.</summary>
    public async Task<ProxyMessage> NextAsync(ProxyMessage.KindOneofCase kind, TimeSpan? timeout = null)
    {
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(15));
        try
        {
            while (true)
            {
                var message = await Received.Reader.ReadAsync(cts.Token);
                if (message.KindCase == kind)
                {
                    return message;
                }
            }
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"silo {Name} received no {kind} within {(timeout ?? TimeSpan.FromSeconds(15)).TotalSeconds} s");
        }
    }

    /// <summary>The proxy id of the next session that ends; fails naming what it waited for.</summary>
    public async Task<string> NextEndAsync(TimeSpan? timeout = null)
    {
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(15));
        try
        {
            return await Ended.Reader.ReadAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"no session with silo {Name} ended within {(timeout ?? TimeSpan.FromSeconds(15)).TotalSeconds} s");
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            AbortSession();
            await _app.StopAsync();
            await _app.DisposeAsync();
            _app = null;
        }
    }

    internal async Task RunSessionAsync(IAsyncStreamReader<ProxyMessage> requests, IServerStreamWriter<ControlMessage> responses, ServerCallContext context)
    {
        var cancellationToken = context.CancellationToken;
        if (!await requests.MoveNext(cancellationToken))
        {
            return;
        }

        var hello = requests.Current.Hello;
        var outbox = Channel.CreateUnbounded<ControlMessage>();
        _session = outbox;
        _sessionContext = context.GetHttpContext();
        var welcome = new Welcome { Silo = Name, LeaseSeconds = 10, ControlPlaneUrls = { Url } };
        welcome.ControlPlaneUrls.AddRange(Peers);
        outbox.Writer.TryWrite(new ControlMessage { Welcome = welcome });

        SendConfigs(outbox, hello.Watches, hello.HeldVersions);

        // Recorded once the session is current and its Welcome queued: what a test sends after seeing the Hello goes
        // on this session, after Welcome.
        Received.Writer.TryWrite(requests.Current);
        var writer = WriteAsync(outbox, responses, cancellationToken);
        try
        {
            while (await requests.MoveNext(cancellationToken))
            {
                Received.Writer.TryWrite(requests.Current);
                if (requests.Current.KindCase == ProxyMessage.KindOneofCase.Watch)
                {
                    SendConfigs(outbox, requests.Current.Watch.Services, new Dictionary<string, long>());
                }
            }
        }
        finally
        {
            Interlocked.CompareExchange(ref _session, null, outbox);
            Interlocked.CompareExchange(ref _sessionContext, null, context.GetHttpContext());
            outbox.Writer.TryComplete();
            await writer.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            Ended.Writer.TryWrite(hello.ProxyId);
        }
    }

    private void Send(ControlMessage message)
    {
        var session = _session ?? throw new InvalidOperationException("no proxy is connected");
        session.Writer.TryWrite(message);
    }

    private void SendConfigs(Channel<ControlMessage> outbox, IEnumerable<string> services, IDictionary<string, long> held)
    {
        foreach (var service in services)
        {
            if (_configs.TryGetValue(service, out var config) && (!held.TryGetValue(service, out var version) || version < config.Version))
            {
                outbox.Writer.TryWrite(new ControlMessage { Config = config });
            }
        }
    }

    private static async Task WriteAsync(Channel<ControlMessage> outbox, IServerStreamWriter<ControlMessage> responses, CancellationToken cancellationToken)
    {
        await foreach (var message in outbox.Reader.ReadAllAsync(cancellationToken))
        {
            await responses.WriteAsync(message, cancellationToken);
        }
    }
}
