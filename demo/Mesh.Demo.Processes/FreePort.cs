using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Mesh.Demo.Processes;

/// <summary>
/// Loopback ports nobody listens on right now, taken below the kernel's ephemeral range: a port the kernel handed out
/// for a moment (bind to 0) can be given to an outgoing connection before the process it was meant for binds it.
/// A port is never handed out twice by one process.
/// </summary>
public static class FreePort
{
    private const int Lowest = 10000;
    private static readonly HashSet<int> Given = [];
    private static readonly int Highest = BelowEphemeralRange();

    public static int Next()
    {
        for (var attempt = 0; attempt < 1000; attempt++)
        {
            var port = Random.Shared.Next(Lowest, Highest);
            lock (Given)
            {
                if (!Given.Add(port))
                {
                    continue;
                }
            }

            try
            {
                using var listener = new TcpListener(IPAddress.Loopback, port);
                listener.Start();
                return port;
            }
            catch (SocketException)
            {
                // Someone listens there: try another.
            }
        }

        throw new InvalidOperationException($"no free loopback port between {Lowest} and {Highest}");
    }

    /// <summary>An <c>http://127.0.0.1:port</c> URL on a fresh port.</summary>
    public static Uri NextUrl() => new($"http://127.0.0.1:{Next().ToString(CultureInfo.InvariantCulture)}");

    /// <summary>The first port of <c>ip_local_port_range</c> (32768 by default on Linux), or 32768 where it cannot be read.</summary>
    private static int BelowEphemeralRange()
    {
        try
        {
            var first = File.ReadAllText("/proc/sys/net/ipv4/ip_local_port_range").Split((char[])['\t', ' ', '\n'], StringSplitOptions.RemoveEmptyEntries)[0];
            var port = int.Parse(first, CultureInfo.InvariantCulture);
            return port > Lowest + 2000 ? port : 32768;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException)
        {
            return 32768;
        }
    }
}
