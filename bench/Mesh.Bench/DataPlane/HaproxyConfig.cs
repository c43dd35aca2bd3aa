namespace Mesh.Bench.DataPlane;

/// <summary>HAProxy in the foreground with one thread, HTTP keep-alive on both sides and server connections reused.</summary>
public static class HaproxyConfig
{
    public static string Proxy(int port, int upstreamPort) => $"""
        global
          nbthread 1
          maxconn 4000

        defaults
          mode http
          timeout connect 5s
          timeout client 60s
          timeout server 60s
          timeout http-keep-alive 300s
          option http-keep-alive
          http-reuse always

        frontend bench
          bind 127.0.0.1:{port}
          default_backend app

        backend app
          server app 127.0.0.1:{upstreamPort}

        """;
}
