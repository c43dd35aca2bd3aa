using System.Diagnostics;
using System.Net;
using Grpc.Core;
using Grpc.Net.Client;
using Mesh.Protos.Discovery.V1;

namespace Mesh.Testing;

/// <summary>
/// Many simulated proxies in this process, each a real session of the proxy API over a real gRPC stream: Hello,
/// then for every config received a timestamp and an ACK, as a proxy agent does; when a session breaks, a new one
/// on the next silo with the versions held, as a proxy agent does. Sessions are spread round-robin over the silos
/// and multiplexed, at most <see cref="StreamsPerConnection"/> per HTTP/2 connection, with the proxy agent's
/// keep-alive pings so that a frozen silo is noticed. Told to move (rebalancing), a proxy opens its next session at
/// once on the silo named, which joins the fleet's list if new. Used by the benchmarks and the reliability tests.
/// </summary>
public sealed class SimulatedFleet : IAsyncDisposable
{
    /// <summary>Kestrel's default limit of concurrent streams per HTTP/2 connection.</summary>
    public const int StreamsPerConnection = 100;

    private readonly List<Uri> _silos;
    private readonly Dictionary<int, List<(GrpcChannel Channel, int Streams)>> _channels = [];
    private readonly SimulatedProxy[] _proxies;
    private readonly CancellationTokenSource _stop = new();

    /// <param name="changes">How many changes the run makes; each proxy keeps a receipt slot per change.</param>
    public SimulatedFleet(IReadOnlyList<Uri> silos, int count, string service, string watched, int changes)
    {
        _silos = [.. silos];
        _proxies = new SimulatedProxy[count];
        for (var i = 0; i < count; i++)
        {
            _proxies[i] = new SimulatedProxy(this, $"sim-{i:D5}", service, watched, changes, i % silos.Count);
        }
    }

    public IReadOnlyList<SimulatedProxy> Proxies => _proxies;

    public int Silos
    {
        get
        {
            lock (_channels)
            {
                return _silos.Count;
            }
        }
    }

    /// <summary>The index of the silo at <paramref name="url"/>, added to the fleet's silos if new.</summary>
    public int IndexOf(Uri url)
    {
        lock (_channels)
        {
            var index = _silos.IndexOf(url);
            if (index < 0)
            {
                _silos.Add(url);
                index = _silos.Count - 1;
            }

            return index;
        }
    }

    /// <summary>A channel to silo <paramref name="silo"/> with room for one more session.</summary>
    internal GrpcChannel ChannelTo(int silo)
    {
        lock (_channels)
        {
            var channels = _channels.TryGetValue(silo, out var list) ? list : _channels[silo] = [];
            var index = channels.FindIndex(c => c.Streams < StreamsPerConnection);
            if (index < 0)
            {
                channels.Add((GrpcChannel.ForAddress(_silos[silo], new GrpcChannelOptions
                {
                    HttpHandler = new SocketsHttpHandler
                    {
                        EnableMultipleHttp2Connections = true,
                        PooledConnectionIdleTimeout = Timeout.InfiniteTimeSpan,
                        AutomaticDecompression = DecompressionMethods.None,
                        ConnectTimeout = TimeSpan.FromSeconds(2),
                        // The proxy agent's defaults (ControlPlaneTimings): a frozen silo is noticed within 15 s.
                        KeepAlivePingDelay = TimeSpan.FromSeconds(10),
                        KeepAlivePingTimeout = TimeSpan.FromSeconds(5),
                        KeepAlivePingPolicy = HttpKeepAlivePingPolicy.Always,
                    },
                }), 0));
                index = channels.Count - 1;
            }

            channels[index] = (channels[index].Channel, channels[index].Streams + 1);
            return channels[index].Channel;
        }
    }

    internal bool Stopping => _stop.IsCancellationRequested;

    internal CancellationToken Lifetime => _stop.Token;

    /// <summary>Opens every session (at most <paramref name="parallel"/> handshakes at once, each retried until its silo answers).</summary>
    public async Task ConnectAsync(int parallel, CancellationToken cancellationToken)
    {
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _stop.Token);
        await Parallel.ForEachAsync(_proxies, new ParallelOptions { MaxDegreeOfParallelism = parallel, CancellationToken = linked.Token },
            async (proxy, token) => await proxy.ConnectAsync(token));
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
        foreach (var (channel, _) in _channels.Values.SelectMany(c => c))
        {
            channel.Dispose();
        }

        _stop.Dispose();
    }
}

/// <summary>
/// One simulated proxy. Benchmarks and tests name each change by its route (<c>change-{k}</c>): a config carrying
/// change <c>k</c> also delivers every earlier change it replaced (the control plane coalesces), so receipt and ACK
/// times are kept per change as the first config at or after it.
/// </summary>
public sealed class SimulatedProxy : IAsyncDisposable
{
    private readonly SimulatedFleet _fleet;
    private readonly string _service;
    private readonly string _watched;
    private readonly long[] _received;
    private readonly long[] _acked;
    private AsyncDuplexStreamingCall<ProxyMessage, ControlMessage>? _call;
    private Task? _reader;
    private int _highest = -1;
    private int _last = -2;
    private int _pushes;
    private int _reconnects;
    private int _regressions;
    private int _moves;
    private long _movedAt;
    private long _version;
    private long _brokenAt;
    private long _reconnectedAt;

    internal SimulatedProxy(SimulatedFleet fleet, string id, string service, string watched, int changes, int silo)
    {
        _fleet = fleet;
        Id = id;
        _service = service;
        _watched = watched;
        _received = new long[changes];
        _acked = new long[changes];
        Silo = silo;
    }

    public string Id { get; }

    /// <summary>The index of the silo the current (or last) session is on.</summary>
    public int Silo { get; private set; }

    /// <summary>Configs received so far (the first one included).</summary>
    public int Pushes => Volatile.Read(ref _pushes);

    /// <summary>Sessions opened again after one broke.</summary>
    public int Reconnects => Volatile.Read(ref _reconnects);

    /// <summary>Sessions opened on another silo because the silo said Move.</summary>
    public int Moves => Volatile.Read(ref _moves);

    /// <summary>Stopwatch timestamp of the last Move received (0: never).</summary>
    public long MovedAt => Volatile.Read(ref _movedAt);

    /// <summary>The control-plane URLs of the last SiloList received (empty: none).</summary>
    public IReadOnlyList<string> SiloList { get; private set; } = [];

    /// <summary>Configs received that were older than the one held (must never happen).</summary>
    public int Regressions => Volatile.Read(ref _regressions);

    /// <summary>The config version held now (0: none).</summary>
    public long Version => Volatile.Read(ref _version);

    /// <summary>Stopwatch timestamps of the last session break and of the welcome that ended it (0: never).</summary>
    public (long BrokenAt, long ReconnectedAt) LastFailover => (Volatile.Read(ref _brokenAt), Volatile.Read(ref _reconnectedAt));

    /// <summary>The highest change seen, -1 for the initial document, -2 before any config.</summary>
    public int Highest => _pushes == 0 ? -2 : Volatile.Read(ref _highest);

    /// <summary>The change carried by the latest config received, -1 for the initial document, -2 before any config.</summary>
    public int Last => Volatile.Read(ref _last);

    /// <summary>Stopwatch timestamp of receiving change <paramref name="change"/> (0: not yet).</summary>
    public long ReceivedAt(int change) => Volatile.Read(ref _received[change]);

    /// <summary>Stopwatch timestamp of having written the ACK for change <paramref name="change"/> (0: not yet).</summary>
    public long AckedAt(int change) => Volatile.Read(ref _acked[change]);

    public async Task ConnectAsync(CancellationToken cancellationToken)
    {
        for (var attempt = 0; ; attempt++)
        {
            var call = new Discovery.DiscoveryClient(_fleet.ChannelTo(Silo)).Stream(cancellationToken: _fleet.Lifetime);
            try
            {
                var hello = new Hello { ProxyId = Id, Service = _service };
                hello.Watches.Add(_watched);
                if (Version > 0)
                {
                    hello.HeldVersions[_watched] = Version;
                }

                await call.RequestStream.WriteAsync(new ProxyMessage { Hello = hello }, cancellationToken);
                using var welcomeTimeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                welcomeTimeout.CancelAfter(TimeSpan.FromSeconds(5));
                if (!await call.ResponseStream.MoveNext(welcomeTimeout.Token) || call.ResponseStream.Current.KindCase != ControlMessage.KindOneofCase.Welcome)
                {
                    throw new InvalidOperationException($"{Id}: the silo did not welcome the session");
                }

                _call = call;
                _reader = Task.Run(() => ReadAsync(call), CancellationToken.None);
                return;
            }
            catch (Exception e) when (e is RpcException or OperationCanceledException or InvalidOperationException && attempt < 100 && !cancellationToken.IsCancellationRequested)
            {
                call.Dispose();

                // As the proxy agent does: the next silo it knows, after a short, jittered pause.
                Silo = (Silo + 1) % _fleet.Silos;
                await Task.Delay(50 + Random.Shared.Next(100), cancellationToken);
            }
        }
    }

    private async Task ReadAsync(AsyncDuplexStreamingCall<ProxyMessage, ControlMessage> call)
    {
        Move? move = null;
        try
        {
            while (move is null && await call.ResponseStream.MoveNext(CancellationToken.None))
            {
                switch (call.ResponseStream.Current.KindCase)
                {
                    case ControlMessage.KindOneofCase.Config:
                        await ReceiveAsync(call, call.ResponseStream.Current.Config);
                        break;
                    case ControlMessage.KindOneofCase.Silos:
                        SiloList = [.. call.ResponseStream.Current.Silos.ControlPlaneUrls];
                        break;
                    case ControlMessage.KindOneofCase.Move:
                        move = call.ResponseStream.Current.Move;
                        break;
                }
            }
        }
        catch (Exception e) when (e is RpcException or IOException or ObjectDisposedException or OperationCanceledException or InvalidOperationException)
        {
            // The session broke (or the run is over): a proxy fails over, see below.
        }

        if (!_fleet.Stopping)
        {
            // As the proxy agent does: ends the session without Goodbye, then the silo it was told, or the next one it knows.
            call.Dispose();
            if (move is not null)
            {
                Volatile.Write(ref _movedAt, Stopwatch.GetTimestamp());
                Interlocked.Increment(ref _moves);
                Silo = _fleet.IndexOf(new Uri(move.ControlPlaneUrl));
            }
            else
            {
                Volatile.Write(ref _brokenAt, Stopwatch.GetTimestamp());
                Silo = (Silo + 1) % _fleet.Silos;
            }

            try
            {
                await ConnectAsync(_fleet.Lifetime);
                if (move is null)
                {
                    Interlocked.Increment(ref _reconnects);
                    Volatile.Write(ref _reconnectedAt, Stopwatch.GetTimestamp());
                }
            }
            catch (Exception e) when (e is RpcException or OperationCanceledException or InvalidOperationException)
            {
                // Out of attempts or the run ended.
            }
        }
    }

    private async Task ReceiveAsync(AsyncDuplexStreamingCall<ProxyMessage, ControlMessage> call, ServiceConfig config)
    {
        var now = Stopwatch.GetTimestamp();
        var change = NumberedChanges.Of(config);
        MarkUpTo(_received, change, now);
        if (config.Version < Version)
        {
            Interlocked.Increment(ref _regressions);
        }

        Volatile.Write(ref _last, change);
        Volatile.Write(ref _version, config.Version);
        Interlocked.Increment(ref _pushes);
        await call.RequestStream.WriteAsync(new ProxyMessage { Ack = new Ack { Service = config.Service, Version = config.Version, Nonce = config.Nonce } });
        MarkUpTo(_acked, change, Stopwatch.GetTimestamp());
        Volatile.Write(ref _highest, Math.Max(_highest, change));
    }

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
