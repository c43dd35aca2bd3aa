using System.Net;
using System.Net.Sockets;

namespace Mesh.ProxyAgent.Tests.Caching;

/// <summary>
/// A fixed loopback port in front of a silo that tests open and close: closed, nothing listens (connections are
/// refused, as for a silo that is down); open, every connection is relayed to the target port. A stand-in silo can
/// thus "come back" where the proxy was told to look for it.
/// </summary>
public sealed class TcpGate : IAsyncDisposable
{
    private readonly int _target;
    private readonly List<Task> _relays = [];
    private TcpListener? _listener;
    private CancellationTokenSource? _open;
    private Task? _accepting;

    public TcpGate(int target) => _target = target;

    public int Port { get; } = FreePort.Next();

    public string Url => $"http://127.0.0.1:{Port}";

    public void Open()
    {
        _open = new CancellationTokenSource();
        _listener = new TcpListener(IPAddress.Loopback, Port);
        _listener.Start();
        _accepting = AcceptAsync(_listener, _open.Token);
    }

    public async Task CloseAsync()
    {
        if (_open is null)
        {
            return;
        }

        await _open.CancelAsync();
        _listener!.Stop();
        await _accepting!.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        await Task.WhenAll(_relays).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        _open.Dispose();
        (_open, _listener, _accepting) = (null, null, null);
    }

    public async ValueTask DisposeAsync() => await CloseAsync();

    private async Task AcceptAsync(TcpListener listener, CancellationToken closed)
    {
        while (!closed.IsCancellationRequested)
        {
            var client = await listener.AcceptTcpClientAsync(closed);
            lock (_relays)
            {
                _relays.Add(RelayAsync(client, closed));
            }
        }
    }

    private async Task RelayAsync(TcpClient client, CancellationToken closed)
    {
        using (client)
        using (var upstream = new TcpClient())
        {
            await upstream.ConnectAsync(IPAddress.Loopback, _target, closed);
            var a = client.GetStream();
            var b = upstream.GetStream();
            await Task.WhenAny(a.CopyToAsync(b, closed), b.CopyToAsync(a, closed));
        }
    }
}
