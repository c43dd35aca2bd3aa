using System.Net;
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
            context.Response.Headers["x-app-service"] = service;
            context.Response.Headers["x-app-version"] = version;
            context.Response.Headers["x-app-instance"] = instance;
            context.Response.Headers["x-app-host"] = context.Request.Host.Value;
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
