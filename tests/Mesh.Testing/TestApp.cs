using System.Net;
using Mesh.Demo.Processes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Mesh.Testing;

/// <summary>
/// A small real HTTP app on a loopback port, the kind a sidecar fronts: every request gets 200 with the app's
/// service, version and instance in the body and in <c>x-app-*</c> headers, plus the Host it was sent with.
/// </summary>
public sealed class TestApp : IAsyncDisposable
{
    private readonly WebApplication _app;
    private long _requests;
    private volatile int _failWith;
    private long _delayMs;

    private TestApp(WebApplication app, Uri url, string instance)
    {
        _app = app;
        Url = url;
        Instance = instance;
    }

    public Uri Url { get; }

    public string Instance { get; }

    /// <summary>Requests the app has answered.</summary>
    public long Requests => Interlocked.Read(ref _requests);

    /// <summary>From now on answer every request with <paramref name="status"/> (0: answer normally again).</summary>
    public void FailWith(int status) => _failWith = status;

    /// <summary>From now on wait this long before answering (zero: answer at once).</summary>
    public void Stall(TimeSpan delay) => Interlocked.Exchange(ref _delayMs, (long)delay.TotalMilliseconds);

    public static async Task<TestApp> StartAsync(string service, string version, string instance)
    {
        var port = FreePort.Next();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, port));
        var app = builder.Build();
        var testApp = new TestApp(app, new Uri($"http://127.0.0.1:{port}/"), instance);
        app.Run(async context =>
        {
            Interlocked.Increment(ref testApp._requests);
            if (Interlocked.Read(ref testApp._delayMs) is > 0 and var delay)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(delay), context.RequestAborted);
            }

            context.Response.Headers["x-app-service"] = service;
            context.Response.Headers["x-app-version"] = version;
            context.Response.Headers["x-app-instance"] = instance;
            context.Response.Headers["x-app-host"] = context.Request.Host.Value;
            if (testApp._failWith is > 0 and var status)
            {
                context.Response.StatusCode = status;
                return;
            }

            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync($$"""{"service":"{{service}}","version":"{{version}}","instance":"{{instance}}"}""");
        });
        await app.StartAsync();
        return testApp;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
