using Mesh.Demo.Backend.Answering;
using Mesh.Demo.Backend.Chaos;

namespace Mesh.Demo.Backend.Hosting;

/// <summary>Composes the backend: its identity, the chaos in force, health probes and the answering endpoint.</summary>
public static class BackendExtensions
{
    public static WebApplicationBuilder AddBackend(this WebApplicationBuilder builder)
    {
        var options = BackendOptions.From(builder.Configuration);
        if (options.Chaos.Validate() is { Count: > 0 } errors)
        {
            throw new InvalidOperationException("Demo:LatencyMs or Demo:FailurePercent is invalid: " + string.Join("; ", errors));
        }

        builder.Services.AddSingleton(options);
        builder.Services.AddSingleton(new ChaosState(options.Chaos));
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddHealthChecks();
        return builder;
    }

    public static WebApplication MapBackend(this WebApplication app)
    {
        app.MapHealthChecks("/health");
        app.MapHealthChecks("/alive");
        app.MapChaos();
        app.MapFallback(Answer.HandleAsync);
        return app;
    }
}
