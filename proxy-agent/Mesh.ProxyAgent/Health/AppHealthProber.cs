using System.Globalization;
using Mesh.ProxyAgent.Admin;
using Mesh.ProxyAgent.Hosting;
using Mesh.ProxyAgent.Routing;

namespace Mesh.ProxyAgent.Health;

/// <summary>
/// The active health check of the local app, from the own service's policy: every <c>interval</c> it GETs
/// <c>Mesh:AppUrl</c> + <c>path</c> (within <see cref="HealthCheckSpec.Timeout"/>); a 2xx is a success, anything else
/// or no answer a failure; <see cref="HealthCheckState"/> turns them into state changes, which
/// <see cref="InstanceHealth"/> reports to the silo. A new config with other settings restarts the count from the
/// state in force; a config without a health check stops probing (and reports healthy if the instance was not).
/// </summary>
internal sealed partial class AppHealthProber(
    ProxyAgentOptions options,
    RoutingTable table,
    InstanceHealth health,
    HttpMessageInvoker client,
    TimeProvider time,
    ILogger<AppHealthProber> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (options.AppUrl is not { } appUrl)
        {
            return;
        }

        var appPrefix = appUrl.AbsoluteUri.TrimEnd('/');
        HealthCheckSpec? spec = null;
        HealthCheckState? state = null;
        var lastProbe = 0L;
        while (!stoppingToken.IsCancellationRequested)
        {
            // Read the change signal before the table: a swap in between completes it, so none is missed.
            var changed = table.Changed;
            var wanted = table.Services.TryGetValue(options.Service, out var own) ? own.HealthCheck : null;
            if (wanted != spec)
            {
                spec = wanted;
                state = spec is null ? null : new HealthCheckState(spec.UnhealthyThreshold, spec.HealthyThreshold, health.Current.Healthy);
                lastProbe = time.GetTimestamp();
                Switch(spec);
            }

            var remaining = spec is null ? Timeout.InfiniteTimeSpan : spec.Interval - time.GetElapsedTime(lastProbe);
            if (remaining == Timeout.InfiniteTimeSpan || remaining > TimeSpan.Zero)
            {
                await WaitAsync(remaining, changed, stoppingToken);
                continue;
            }

            lastProbe = time.GetTimestamp();
            var (success, outcome) = await ProbeAsync(appPrefix + spec!.Path, spec.Timeout, stoppingToken);
            if (stoppingToken.IsCancellationRequested)
            {
                return;
            }

            if (state!.Record(success))
            {
                var probes = state.Streak == 1 ? "1 probe" : $"{state.Streak} probes";
                var detail = success ? $"{probes} of {spec.Path} succeeded" : $"{probes} of {spec.Path} failed: {outcome}";
                LogChanged(options.Service, state.Healthy, detail);
                health.Report(new AppHealth(state.Healthy, detail));
            }
        }
    }

    /// <summary>Shows what is now checked; reports healthy when a check that had failed the instance is removed.</summary>
    private void Switch(HealthCheckSpec? spec)
    {
        if (spec is null)
        {
            if (health.Current.Healthy)
            {
                health.Describe("no health check");
            }
            else
            {
                health.Report(new AppHealth(true, "the health check was removed"));
            }
        }
        else if (health.Current.Healthy)
        {
            health.Describe($"probing {spec.Path} every {DurationText.Format(spec.Interval)}");
        }
    }

    /// <summary>Until <paramref name="delay"/> passes or the table changes.</summary>
    private async Task WaitAsync(TimeSpan delay, Task changed, CancellationToken stoppingToken)
    {
        using var wake = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        var timer = Task.Delay(delay, time, wake.Token);
        await Task.WhenAny(timer, changed);
        await wake.CancelAsync();
        await timer.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    }

    private async Task<(bool Success, string Outcome)> ProbeAsync(string url, TimeSpan timeout, CancellationToken stoppingToken)
    {
        using var deadline = new CancellationTokenSource(timeout, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken, deadline.Token);
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, url);
            using var response = await client.SendAsync(request, linked.Token);
            var code = (int)response.StatusCode;
            return (code is >= 200 and <= 299, code.ToString(CultureInfo.InvariantCulture));
        }
        catch (OperationCanceledException) when (!stoppingToken.IsCancellationRequested)
        {
            return (false, $"no answer within {DurationText.Format(timeout)}");
        }
        catch (OperationCanceledException)
        {
            return (false, "stopping");
        }
        catch (HttpRequestException ex)
        {
            return (false, ex.Message);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Health of {Service} instance changed to healthy={Healthy}: {Detail}")]
    private partial void LogChanged(string service, bool healthy, string detail);
}
