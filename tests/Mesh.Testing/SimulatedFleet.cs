using System.Diagnostics;
using System.Net;
using Grpc.Core;
using Grpc.Net.Client;
using Mesh.Protos.Discovery.V1;

namespace Mesh.Bench.Convergence;

/// <summary>
/// Many simulated proxies in this process, each a real session of the proxy API over a real gRPC stream: Hello,
/// then for every config received a timestamp and an ACK, as a proxy agent does. Sessions are spread round-robin
/// over the silos and multiplexed, at most <see cref="StreamsPerConnection"/> per HTTP/2 connection.
/// </summary>
public sealed class SimulatedFleet : IAsyncDisposable
{
    /// <summary>Kestrel's default limit of concurrent streams per HTTP/2 connection.</summary>
    public const int StreamsPerConnection = 100;

    private readonly List<GrpcChannel> _channels = [];
    private readonly SimulatedProxy[] _proxies;
    private readonly CancellationTokenSource _stop = new();

    /// <param name="changes">How many changes the run makes; each proxy keeps a receipt slot per change.</param>
    public SimulatedFleet(IReadOnlyList<Uri> silos, int count, string service, string watched, int changes)
    {
        var perSilo = new List<int>[silos.Count];
        _proxies = new SimulatedProxy[count];
        for (var i = 0; i < count; i++)
        {
            var silo = i % silos.Count;
            var index = i / silos.Count;
            if (index % StreamsPerConnection == 0)
            {
                _channels.Add(GrpcChannel.ForAddress(silos[silo], new GrpcChannelOptions
                {
                    HttpHandler = new SocketsHttpHandler
                    {
                        EnableMultipleHttp2Connections = true,
                        PooledConnectionIdleTimeout = Timeout.InfiniteTimeSpan,
                        AutomaticDecompression = DecompressionMethods.None,
                    },
                }));
                (perSilo[silo] ??= []).Add(_channels.Count - 1);
            }

            var channel = _channels[perSilo[silo][index / StreamsPerConnection]];
            _proxies[i] = new SimulatedProxy($"sim-{i:D5}", service, watched, channel, changes);
        }
    }

    public IReadOnlyList<SimulatedProxy> Proxies => _proxies;

    public int Connections => _channels.Count;

    /// <summary>Opens every session (at most <paramref name="parallel"/> handshakes at once, each retried until its silo answers).</summary>
    public async Task ConnectAsync(int parallel, CancellationToken cancellationToken)
    {
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _stop.Token);
        await Parallel.ForEachAsync(_proxies, new ParallelOptions { MaxDegreeOfParallelism = parallel, CancellationToken = linked.Token },
            async (proxy, token) => await proxy.ConnectAsync(_stop.Token, token));
    }

    /// <summary>Waits until every proxy received a config for which <paramref name="done"/> holds.</summary>
    public async Task<bool> WaitAllAsync(Func<SimulatedProxy, bool> done, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        while (!_proxies.All(done))
        {
            if (clock.Elapsed > timeout)
            {
                return false;
            }

            await Task.Delay(5, cancellationToken);
        }

        return true;
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await Task.WhenAll(_proxies.Select(p => p.DisposeAsync().AsTask()));
        foreach (var channel in _channels)
        {
            channel.Dispose();
        }

        _stop.Dispose();
    }
}

/// <summary>
/// One simulated proxy. The benchmark names each change by its route (<c>change-{k}</c>): a config carrying change
/// <c>k</c> also delivers every earlier change it replaced (the control plane coalesces), so receipt and ACK times
/// are kept per change as the first config at or after it.
/// </summary>
public sealed class SimulatedProxy(string id, string service, string watched, GrpcChannel channel, int changes) : IAsyncDisposable
{
    private readonly long[] _received = new long[changes];
    private readonly long[] _acked = new long[changes];
    private AsyncDuplexStreamingCall<ProxyMessage, ControlMessage>? _call;
    private Task? _reader;
    private int _highest = -1;
    private int _last = -2;
    private int _pushes;

    public string Id { get; } = id;

    /// <summary>Configs received so far (the first one included).</summary>
    public int Pushes => Volatile.Read(ref _pushes);

    /// <summary>The highest change seen, -1 for the initial document, -2 before any config.</summary>
    public int Highest => _pushes == 0 ? -2 : Volatile.Read(ref _highest);

    /// <summary>The change carried by the latest config received, -1 for the initial document, -2 before any config.</summary>
    public int Last => Volatile.Read(ref _last);

    /// <summary>Stopwatch timestamp of receiving change <paramref name="change"/> (0: not yet).</summary>
    public long ReceivedAt(int change) => Volatile.Read(ref _received[change]);

    /// <summary>Stopwatch timestamp of having written the ACK for change <paramref name="change"/> (0: not yet).</summary>
    public long AckedAt(int change) => Volatile.Read(ref _acked[change]);

    public async Task ConnectAsync(CancellationToken lifetime, CancellationToken cancellationToken)
    {
        var client = new Discovery.DiscoveryClient(channel);
        for (var attempt = 0; ; attempt++)
        {
            var call = client.Stream(cancellationToken: lifetime);
            try
            {
                var hello = new Hello { ProxyId = Id, Service = service };
                hello.Watches.Add(watched);
                await call.RequestStream.WriteAsync(new ProxyMessage { Hello = hello }, cancellationToken);
                if (!await call.ResponseStream.MoveNext(cancellationToken) || call.ResponseStream.Current.KindCase != ControlMessage.KindOneofCase.Welcome)
                {
                    throw new InvalidOperationException($"{Id}: the silo did not welcome the session");
                }

                _call = call;
                _reader = Task.Run(() => ReadAsync(call), CancellationToken.None);
                return;
            }
            catch (RpcException) when (attempt < 50 && !cancellationToken.IsCancellationRequested)
            {
                call.Dispose();
                await Task.Delay(100 + Random.Shared.Next(200), cancellationToken);
            }
        }
    }

    private async Task ReadAsync(AsyncDuplexStreamingCall<ProxyMessage, ControlMessage> call)
    {
        try
        {
            while (await call.ResponseStream.MoveNext(CancellationToken.None))
            {
                if (call.ResponseStream.Current.Config is not { } config)
                {
                    continue;
                }

                var now = Stopwatch.GetTimestamp();
                var change = ChangeOf(config);
                MarkUpTo(_received, change, now);
                Volatile.Write(ref _last, change);
                Interlocked.Increment(ref _pushes);
                await call.RequestStream.WriteAsync(new ProxyMessage { Ack = new Ack { Service = config.Service, Version = config.Version, Nonce = config.Nonce } });
                MarkUpTo(_acked, change, Stopwatch.GetTimestamp());
                Volatile.Write(ref _highest, Math.Max(_highest, change));
            }
        }
        catch (Exception e) when (e is RpcException or IOException or ObjectDisposedException or OperationCanceledException or InvalidOperationException)
        {
            // The run is over (or the silo went away): the receipts so far are what is measured.
        }
    }

    private static int ChangeOf(ServiceConfig config) =>
        config.Routes.Count > 0 && config.Routes[0].Name.StartsWith("change-", StringComparison.Ordinal)
            ? int.Parse(config.Routes[0].Name.AsSpan(7), System.Globalization.CultureInfo.InvariantCulture)
            : -1;

    private static void MarkUpTo(long[] slots, int change, long now)
    {
        for (var k = Math.Min(change, slots.Length - 1); k >= 0 && Volatile.Read(ref slots[k]) == 0; k--)
        {
            Volatile.Write(ref slots[k], now);
        }
    }

    public async ValueTask DisposeAsync()
    {
        _call?.Dispose();
        if (_reader is not null)
        {
            await _reader.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }
}
