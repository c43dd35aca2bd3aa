using Mesh.Demo.Postgres;

namespace Mesh.Demo.Topology;

/// <summary>Hands out distinct loopback ports that nobody listens on right now (see <see cref="LoopbackPort"/>).</summary>
public sealed class LoopbackPorts
{
    private readonly HashSet<int> _given = [];

    /// <summary>A port not yet given by this instance (nor, within this process, by <see cref="LoopbackPort"/>).</summary>
    public int Next()
    {
        var port = LoopbackPort.Next();
        return _given.Add(port) ? port : throw new InvalidOperationException($"port {port} was handed out twice");
    }

    /// <summary>An <c>http://127.0.0.1:port</c> URL on a fresh port.</summary>
    public Uri NextUrl() => Url(Next());

    public static Uri Url(int port) => new($"http://127.0.0.1:{port}");
}
