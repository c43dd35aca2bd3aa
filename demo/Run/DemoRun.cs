using System.Diagnostics;
using Mesh.Demo.Hosting;
using Mesh.Demo.Layout;
using Mesh.Demo.Postgres;
using Mesh.Demo.Processes;
using Mesh.Demo.Traffic;

namespace Mesh.Demo.Run;

/// <summary>
/// One run of the demo: starts everything (see <c>DemoRun.Start.cs</c>), prints the addresses, then the live traffic
/// view until SIGINT or SIGTERM, then stops everything it started in order (see <c>DemoRun.Stop.cs</c>) and deletes
/// its temporary directory. Returns the process exit code.
/// </summary>
public sealed partial class DemoRun(DemoOptions options, TextWriter console)
{
    private const int LogTailLines = 25;

    private readonly List<ChildProcess> _proxies = [];
    private readonly List<ChildProcess> _apps = [];
    private readonly List<ChildProcess> _silos = [];
    private readonly Stopwatch _clock = new();
    private ChildProcess? _adminUi;
    private LocalPostgres? _postgres;

    public async Task<int> RunAsync(StopSignals signals)
    {
        ArgumentNullException.ThrowIfNull(signals);
        _clock.Start();
        BuildOutputs outputs;
        try
        {
            outputs = BuildOutputs.Locate();
        }
        catch (InvalidOperationException e)
        {
            await console.WriteLineAsync(e.Message);
            return 2;
        }

        if (outputs.Required.Where(dll => !File.Exists(dll)).ToList() is { Count: > 0 } missing)
        {
            await console.WriteLineAsync("Not built: " + string.Join(", ", missing.Select(outputs.Relative)) +
                ". Run the demo with `dotnet run --project demo`, which builds them.");
            return 2;
        }

        var run = RunDirectory.Create();
        var failed = false;
        using var probe = new ReadinessProbe();
        try
        {
            var topology = await StartAsync(outputs, run, probe, signals.Stopping);
            await PrintReadyAsync(topology, run);
            await new TrafficView(probe.Http, topology.Frontend.AppUrl, console, TimeProvider.System).RunAsync(signals.Stopping);
            return 0;
        }
        catch (OperationCanceledException) when (signals.Stopping.IsCancellationRequested)
        {
            await console.WriteLineAsync("Stopped during start-up.");
            return 0;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            failed = true;
            await ReportFailureAsync(e, run);
            return 1;
        }
        finally
        {
            await StopAsync(signals.Hurry);
            run.Delete(keepLogs: failed);
            await console.WriteLineAsync(failed
                ? $"Stopped everything; the logs are kept in {run.Logs}"
                : $"Stopped everything and removed {run.Path}");
        }
    }

    private async Task ReportFailureAsync(Exception e, RunDirectory run)
    {
        await console.WriteLineAsync();
        await console.WriteLineAsync($"FAILED after {_clock.Elapsed.TotalSeconds:0.0} s: {e.Message}");
        if (e is StartupFailedException { Process: { } process })
        {
            await console.WriteLineAsync($"Last lines of {process.LogFile}:");
            await console.WriteLineAsync(process.Tail(LogTailLines));
        }
        else if (e is not StartupFailedException)
        {
            await console.WriteLineAsync(e.ToString());
        }

        await console.WriteLineAsync($"Every program's log is in {run.Logs}");
    }
}
