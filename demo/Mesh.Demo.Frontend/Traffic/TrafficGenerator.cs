using Mesh.Demo.Frontend.Hosting;

namespace Mesh.Demo.Frontend.Traffic;

/// <summary>
/// Background traffic: <see cref="FrontendOptions.Loops"/> loops, each calling the backend once per
/// <see cref="FrontendOptions.LoopPeriod"/> and waiting for the answer, so together they send
/// <see cref="FrontendOptions.RequestsPerSecond"/> while answers are fast. A slow backend (injected latency) lowers the
/// rate rather than piling up requests: a timer tick missed while a call is in flight is skipped, not queued.
/// </summary>
public sealed partial class TrafficGenerator(FrontendOptions options, IServiceScopeFactory scopes, TimeProvider time, ILogger<TrafficGenerator> logger)
    : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (options.RequestsPerSecond == 0)
        {
            LogOff();
            return Task.CompletedTask;
        }

        LogStarted(options.RequestsPerSecond, options.Loops, options.Upstream, options.OutboundUrl);
        return Task.WhenAll(Enumerable.Range(0, options.Loops).Select(loop => RunLoopAsync(loop, stoppingToken)));
    }

    private async Task RunLoopAsync(int loop, CancellationToken stoppingToken)
    {
        // Loops start spread over one period so that their requests interleave instead of arriving in bursts.
        var offset = options.LoopPeriod * loop / options.Loops;
        try
        {
            await Task.Delay(offset, time, stoppingToken);
            using var timer = new PeriodicTimer(options.LoopPeriod, time);
            do
            {
                await using var scope = scopes.CreateAsyncScope();
                await scope.ServiceProvider.GetRequiredService<BackendClient>().CallAsync(stoppingToken);
            }
            while (await timer.WaitForNextTickAsync(stoppingToken));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping.
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Sending {RequestsPerSecond} requests/s over {Loops} loops to {Upstream} through {OutboundUrl}")]
    private partial void LogStarted(int requestsPerSecond, int loops, string upstream, Uri outboundUrl);

    [LoggerMessage(Level = LogLevel.Information, Message = "Background traffic is off (Demo:RequestsPerSecond=0)")]
    private partial void LogOff();
}
