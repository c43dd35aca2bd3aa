namespace Mesh.Demo.Run;

/// <summary>
/// Stopping, by PID and in order: proxies first (SIGTERM: they say Goodbye, so callers stop sending to them, and
/// drain), then the apps and the admin UI, then the silos, then PostgreSQL. Whatever outlives its grace is killed.
/// </summary>
public sealed partial class DemoRun
{
    private static readonly TimeSpan ProxyGrace = TimeSpan.FromSeconds(15);
    private static readonly TimeSpan AppGrace = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan SiloGrace = TimeSpan.FromSeconds(30);

    private async Task StopAsync(CancellationToken hurry)
    {
        if (_proxies.Count + _apps.Count + _silos.Count > 0 || _adminUi is not null || _postgres is not null)
        {
            await console.WriteLineAsync("Stopping (Ctrl-C again to kill at once): proxies...");
        }

        await StopAllAsync(_proxies, ProxyGrace, hurry);
        if (_apps.Count > 0 || _adminUi is not null)
        {
            await console.WriteLineAsync("Stopping: apps and admin UI...");
        }

        await StopAllAsync([.. _apps, .. _adminUi is null ? [] : new[] { _adminUi }], AppGrace, hurry);
        if (_silos.Count > 0)
        {
            await console.WriteLineAsync("Stopping: silos...");
        }

        await StopAllAsync(_silos, SiloGrace, hurry);
        if (_postgres is not null)
        {
            await console.WriteLineAsync("Stopping: PostgreSQL...");
            await _postgres.DisposeAsync();
        }

        foreach (var process in _proxies.Concat(_apps).Concat(_silos).Append(_adminUi))
        {
            process?.Dispose();
        }
    }

    private static Task<bool[]> StopAllAsync(IEnumerable<Processes.ChildProcess> processes, TimeSpan grace, CancellationToken hurry) =>
        Task.WhenAll(processes.Select(p => p.StopAsync(grace, hurry)));
}
