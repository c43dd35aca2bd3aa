using Mesh.Demo.Processes;

namespace Mesh.Testing;

public static class ChildProcessExtensions
{
    private static readonly TimeSpan DefaultGrace = TimeSpan.FromSeconds(30);

    /// <summary>SIGTERM, then waits for a graceful exit; a program still running after <paramref name="timeout"/> is killed and the test fails.</summary>
    public static async Task StopOrFailAsync(this ChildProcess process, TimeSpan? timeout = null)
    {
        if (!await process.StopAsync(timeout ?? DefaultGrace))
        {
            throw new TimeoutException($"{process.Name} did not exit within {timeout ?? DefaultGrace} of SIGTERM:\n{process.Output}");
        }
    }
}
