using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Mesh.ProxyAgent.Tests.Infrastructure;

/// <summary>
/// A tiny app on a loopback port: answers "{name} {path}" and echoes the Host it saw in <c>x-seen-host</c>, or runs
/// the test's own handler. Counts the requests it receives.
/// </summary>
public sealed class TestApp : IAsyncDisposable
{
    private readonly WebApplication _app;
    private int _requests;

    private TestApp(WebApplication app, string url)
    {
        _app = app;
        Url = url;
    }

    public string Url { get; }

    /// <summary>Requests received so far (counted when they arrive, before the handler runs).</summary>
    public int Requests => Volatile.Read(ref _requests);

    public static Task<TestApp> StartAsync(string name) => StartAsync(context =>
    {
        context.Response.Headers["x-seen-host"] = context.Request.Host.Value;
        return context.Response.WriteAsync($"{name} {context.Request.Path}");
    });

    public static async Task<TestApp> StartAsync(RequestDelegate handler)
    {
        var port = FreePort.Next();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, port));
        var app = builder.Build();
        TestApp? started = null;
        app.Run(context =>
        {
            Interlocked.Increment(ref started!._requests);
            return handler(context);
        });
        started = new TestApp(app, $"http://127.0.0.1:{port}");
        await app.StartAsync();
        return started;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
