using System.Diagnostics;
using System.Globalization;

namespace Mesh.Demo.Processes;

/// <summary>
/// One program the demo started (<c>dotnet Program.dll --Key=value</c>), its output written to a log file, stopped
/// by PID. It runs in a session of its own (<c>setsid</c>), so that a terminal's Ctrl-C reaches only the launcher,
/// which then stops its children in order rather than all at once.
/// </summary>
public sealed class ChildProcess : IDisposable
{
    private const string Setsid = "/usr/bin/setsid";

    private readonly Process _process;
    private readonly StreamWriter _log;
    private readonly Lock _logLock = new();

    private ChildProcess(string name, Process process, StreamWriter log, string logFile)
    {
        Name = name;
        _process = process;
        _log = log;
        LogFile = logFile;
        process.OutputDataReceived += (_, e) => Write(e.Data);
        process.ErrorDataReceived += (_, e) => Write(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public string Name { get; }

    public int Pid => _process.Id;

    public string LogFile { get; }

    public bool HasExited => _process.HasExited;

    public int ExitCode => _process.ExitCode;

    /// <summary>Starts <c>dotnet <paramref name="dll"/></c> with <paramref name="arguments"/> and extra environment.</summary>
    public static ChildProcess Start(string name, string dll, IEnumerable<string> arguments, IReadOnlyDictionary<string, string> environment, string logFile)
    {
        var start = new ProcessStartInfo(File.Exists(Setsid) ? Setsid : "dotnet")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetDirectoryName(dll)!,
        };
        if (start.FileName == Setsid)
        {
            // Not a process-group leader, so setsid execs in place: the PID we hold is the program's own.
            start.ArgumentList.Add("dotnet");
        }

        start.ArgumentList.Add(dll);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        // Workstation GC keeps a dozen processes light on a small machine; Production is how operators run them.
        start.Environment["DOTNET_gcServer"] = "0";
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment["DOTNET_ENVIRONMENT"] = "Production";
        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        var log = new StreamWriter(logFile, append: false) { AutoFlush = true };
        try
        {
            var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {name}");
            process.StandardInput.Close();
            return new ChildProcess(name, process, log, logFile);
        }
        catch
        {
            log.Dispose();
            throw;
        }
    }

    /// <summary>SIGTERM, then up to <paramref name="grace"/> to exit; SIGKILL after that or once <paramref name="hurry"/> fires.</summary>
    public async Task StopAsync(TimeSpan grace, CancellationToken hurry)
    {
        if (_process.HasExited)
        {
            return;
        }

        await SignalAsync("TERM");
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(hurry);
        limit.CancelAfter(grace);
        try
        {
            await _process.WaitForExitAsync(limit.Token);
        }
        catch (OperationCanceledException)
        {
            Kill();
        }
    }

    /// <summary>SIGKILL, and waits until the process is gone.</summary>
    public void Kill()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit(10_000);
        }
    }

    /// <summary>The last lines of the log, for failure messages.</summary>
    public string Tail(int lines)
    {
        lock (_logLock)
        {
            _log.Flush();
        }

        using var reader = new FileStream(LogFile, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        using var text = new StreamReader(reader);
        var all = text.ReadToEnd().Split('\n');
        return string.Join('\n', all.Skip(Math.Max(0, all.Length - lines)));
    }

    public void Dispose()
    {
        Kill();
        _process.Dispose();
        lock (_logLock)
        {
            _log.Dispose();
        }
    }

    private async Task SignalAsync(string signal)
    {
        using var kill = Process.Start(new ProcessStartInfo("kill", [$"-{signal}", Pid.ToString(CultureInfo.InvariantCulture)])
        {
            UseShellExecute = false,
            RedirectStandardError = true,
        });
        if (kill is not null)
        {
            await kill.WaitForExitAsync();
        }
    }

    private void Write(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_logLock)
        {
            try
            {
                _log.WriteLine(line);
            }
            catch (ObjectDisposedException)
            {
                // The process printed its last words after we closed its log.
            }
        }
    }
}
