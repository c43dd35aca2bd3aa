using System.Diagnostics;
using System.Globalization;

namespace Mesh.Testing;

/// <summary>
/// One test host at a time on this machine starts processes (PostgreSQL, silos, proxies, the demo, Chromium): on two
/// cores, two such projects side by side (as <c>dotnet test Mesh.sln</c> runs them) starve each other's timers.
/// The first start in a test host takes an exclusive <c>flock</c> on <see cref="LockFile"/> and holds it until the
/// host exits, so the kernel releases it even when the host crashes or is killed. Waiting is bounded, and the
/// timeout names the holder. Test projects that start no process never take it and run beside.
/// </summary>
public static class ExclusiveTestRun
{
    public const string LockFile = "/tmp/mesh-test-processes.lock";

    /// <summary>
    /// The whole suite runs in about 8 minutes on two cores, most of it in the projects that take this lock. Below
    /// the test session's hang timeout (tests/mesh.runsettings), so a waiting host fails with this message first.
    /// </summary>
    public static readonly TimeSpan MaxWait = TimeSpan.FromMinutes(10);

    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(200);
    private static readonly Lock Gate = new();
    private static FileStream? _held;

    /// <summary>Where the holder writes who it is, for the messages of those waiting (the lock file itself is locked).</summary>
    public static string HolderFile => LockFile + ".holder";

    /// <summary>Takes the lock for the rest of this process's life, waiting up to <see cref="MaxWait"/>; at once if held already.</summary>
    public static void Enter()
    {
        lock (Gate)
        {
            if (_held is not null)
            {
                return;
            }

            var clock = Stopwatch.StartNew();
            while (true)
            {
                try
                {
                    // On Unix, FileShare.None is an exclusive flock(2) on the open file: released by the kernel when the process ends.
                    _held = new FileStream(LockFile, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
                    File.WriteAllText(HolderFile, Describe(Process.GetCurrentProcess()));
                    return;
                }
                catch (IOException) when (clock.Elapsed < MaxWait)
                {
                    Thread.Sleep(Poll);
                }
                catch (IOException e)
                {
                    throw new TimeoutException(
                        $"waited {MaxWait} for {LockFile} (one test host at a time starts processes); last taken by {Holder()}", e);
                }
            }
        }
    }

    private static string Describe(Process self) =>
        string.Create(CultureInfo.InvariantCulture, $"PID {self.Id} ({AppDomain.CurrentDomain.FriendlyName}) since {DateTime.UtcNow:O}");

    private static string Holder()
    {
        try
        {
            return File.ReadAllText(HolderFile);
        }
        catch (IOException)
        {
            return "an unknown process";
        }
    }
}
