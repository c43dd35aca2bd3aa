using System.Net;
using System.Net.Sockets;

namespace Mesh.Demo.Topology;

/// <summary>Hands out distinct loopback ports that nobody listens on right now.</summary>
public sealed class LoopbackPorts
{
    private readonly HashSet<int> _given = [];

    public int Next()
    {
        while (true)
        {
            using var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            var port = ((IPEndPoint)listener.LocalEndpoint).Port;
            if (_given.Add(port))
            {
                return port;
            }
        }
    }

    /// <summary>An <c>http://127.0.0.1:port</c> URL on a fresh port.</summary>
    public Uri NextUrl() => Url(Next());

    public static Uri Url(int port) => new($"http://127.0.0.1:{port}");
}
