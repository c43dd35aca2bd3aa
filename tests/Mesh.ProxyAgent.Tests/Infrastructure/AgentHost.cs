using Mesh.ProxyAgent.ControlPlane;
using Mesh.ProxyAgent.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Mesh.ProxyAgent.Tests.Infrastructure;

/// <summary>A real proxy agent in this process, composed exactly as Program.cs does, on free loopback ports.</summary>
internal sealed class AgentHost : IAsyncDisposable
{
    private readonly WebApplication _app;
    private bool _stopped;

    private AgentHost(WebApplication app, ProxyAgentOptions options)
    {
        _app = app;
        Options = options;
        Client = new HttpClient(new SocketsHttpHandler { UseProxy = false, PooledConnectionLifetime = TimeSpan.Zero })
        {
            Timeout = TimeSpan.FromSeconds(15),
        };
    }

    public ProxyAgentOptions Options { get; }

    public HttpClient Client { get; }

    public string OutboundUrl => $"http://127.0.0.1:{Options.OutboundUrl.Port}";

    public string InboundUrl => $"http://127.0.0.1:{Options.InboundUrl.Port}";

    public string AdminUrl => $"http://127.0.0.1:{Options.AdminUrl.Port}";

    /// <param name="settings">Mesh settings as <c>Key=value</c>; the three listener URLs get free ports.</param>
    public static Task<AgentHost> StartAsync(ControlPlaneTimings? timings, params string[] settings) => StartAsync(timings, null, settings);

    /// <param name="services">Registrations that replace the agent's own (added last, so they win).</param>
    public static async Task<AgentHost> StartAsync(ControlPlaneTimings? timings, Action<IServiceCollection>? services, params string[] settings)
    {
        string[] listeners =
        [
            $"--Mesh:InboundUrl=http://127.0.0.1:{FreePort.Next()}",
            $"--Mesh:OutboundUrl=http://127.0.0.1:{FreePort.Next()}",
            $"--Mesh:AdminUrl=http://127.0.0.1:{FreePort.Next()}",
        ];
        var builder = WebApplication.CreateBuilder([.. listeners, .. settings.Select(s => "--" + s)]);
        builder.Logging.ClearProviders();
        var result = ProxyAgentSettings.Read(builder.Configuration);
        var options = result.Options ?? throw new InvalidOperationException(string.Join("; ", result.Errors));
        builder.AddProxyAgent(options);
        if (timings is not null)
        {
            builder.Services.AddSingleton(timings);
        }

        services?.Invoke(builder.Services);

        var app = builder.Build();
        app.MapProxyAgent();
        await app.StartAsync();
        return new AgentHost(app, options);
    }

    /// <summary>A graceful stop, as on SIGTERM.</summary>
    public Task StopAsync()
    {
        _stopped = true;
        return _app.StopAsync();
    }

    public HttpRequestMessage Outbound(string host, string path = "/")
    {
        var request = new HttpRequestMessage(HttpMethod.Get, OutboundUrl + path);
        request.Headers.Host = host;
        return request;
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        if (!_stopped)
        {
            await _app.StopAsync();
        }

        await _app.DisposeAsync();
    }
}
