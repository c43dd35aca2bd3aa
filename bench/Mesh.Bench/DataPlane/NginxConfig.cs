namespace Mesh.Bench.DataPlane;

/// <summary>
/// nginx configurations for one process (no master, one worker loop, in the foreground), every path under a temporary
/// directory. <c>keepalive_requests</c> is raised on both sides so that neither reconnects every 1,000 requests.
/// </summary>
public static class NginxConfig
{
    private static readonly string[] TempKinds = ["client_body", "proxy", "fastcgi", "uwsgi", "scgi"];

    /// <summary>The upstream: a small fixed body for every request.</summary>
    public static string Upstream(string directory, int port, string body) => Common(directory, "upstream") + $$"""
        http {
          access_log off;
          {{TempPaths(directory, "upstream")}}
          keepalive_requests 1000000;
          keepalive_timeout 300s;
          server {
            listen 127.0.0.1:{{port}} reuseport backlog=4096;
            location / {
              default_type text/plain;
              return 200 "{{body}}";
            }
          }
        }
        """;

    /// <summary>A reverse proxy to <paramref name="upstreamPort"/> with a pool of kept-alive upstream connections.</summary>
    public static string Proxy(string directory, int port, int upstreamPort) => Common(directory, "proxy") + $$"""
        http {
          access_log off;
          {{TempPaths(directory, "proxy")}}
          keepalive_requests 1000000;
          keepalive_timeout 300s;
          upstream app {
            server 127.0.0.1:{{upstreamPort}};
            keepalive 128;
            keepalive_requests 1000000;
            keepalive_timeout 300s;
          }
          server {
            listen 127.0.0.1:{{port}} backlog=4096;
            location / {
              proxy_pass http://app;
              proxy_http_version 1.1;
              proxy_set_header Connection "";
              proxy_buffering on;
            }
          }
        }
        """;

    private static string Common(string directory, string name) => $$"""
        daemon off;
        master_process off;
        worker_processes 1;
        pid {{directory}}/{{name}}.pid;
        error_log {{directory}}/{{name}}-error.log warn;
        events { worker_connections 4096; multi_accept on; }

        """;

    private static string TempPaths(string directory, string name) =>
        string.Join(' ', TempKinds.Select(t => $"{t}_temp_path {directory}/{name}-{t};"));
}
