using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace Mesh.Demo.Processes;

/// <summary>
/// A program started as operators start it (<c>dotnet Program.dll --Key=value</c>), its output kept (in a log file
/// when given one, else in memory) for failure messages, stopped by PID: SIGTERM for a graceful stop, SIGKILL for a
/// crash, any signal by name (SIGSTOP to freeze), and killed on dispose whatever happened. It runs in a session and
/// process group of its own (<c>setsid</c>), so a terminal's Ctrl-C reaches only the launcher, which stops its
/// children in order, and a kill reaches whatever the program started too.
/// </summary>
public sealed class ChildProcess : IDisposable, IAsyncDisposable
{
    private const string Setsid = "/usr/bin/setsid";

    private readonly Process _process;
    private readonly StreamWriter? _log;
    private readonly StringBuilder _memory = new();
    private readonly Lock _outputLock = new();

    private ChildProcess(string name, Process process, StreamWriter? log, string? logFile)
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

    /// <summary>Where the output goes, or null when it is kept in memory.</summary>
    public string? LogFile { get; }

    public bool HasExited => _process.HasExited;

    public int ExitCode => _process.ExitCode;

    /// <summary>Everything the program printed so far (stdout and stderr, by line).</summary>
    public string Output
    {
        get
        {
            lock (_outputLock)
            {
                if (_log is null)
                {
                    return _memory.ToString();
                }

                _log.Flush();
            }

            using var reader = new FileStream(LogFile!, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            using var text = new StreamReader(reader);
            return text.ReadToEnd();
        }
    }

    /// <summary>Starts <c>dotnet <paramref name="dll"/> --Key=value…</c> from the dll's directory, settings with a null value left out.</summary>
    public static ChildProcess Start(string name, string dll, IReadOnlyDictionary<string, string?> settings, string? logFile = null) =>
        Start(name, dll, settings.Where(s => s.Value is not null).Select(s => $"--{s.Key}={s.Value}"), null, logFile);

    /// <summary>Starts <c>dotnet <paramref name="dll"/></c> with <paramref name="arguments"/> and extra environment, from the dll's directory.</summary>
    public static ChildProcess Start(string name, string dll, IEnumerable<string> arguments, IReadOnlyDictionary<string, string>? environment = null,
        string? logFile = null)
    {
        // Workstation GC keeps a dozen processes light on a small machine; Production is how operators run them.
        var merged = new Dictionary<string, string>
        {
            ["DOTNET_gcServer"] = "0",
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            ["DOTNET_ENVIRONMENT"] = "Production",
        };
        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            merged[key] = value;
        }

        return StartProgram(name, "dotnet", [dll, .. arguments], merged, Path.GetDirectoryName(dll), logFile);
    }

    /// <summary>
    /// Starts <paramref name="program"/> under <c>taskset -c {cpus}</c> (a CPU list such as "1" or "0-1"). taskset execs
    /// the program, so the PID is the program's, pinned from its first instruction: the .NET runtime sizes its thread
    /// pool and GC for the CPUs it is given.
    /// </summary>
    public static ChildProcess StartPinned(string name, string cpus, string program, IEnumerable<string> arguments,
        IReadOnlyDictionary<string, string>? environment = null, string? workingDirectory = null) =>
        StartProgram(name, "taskset", ["-c", cpus, program, .. arguments], environment, workingDirectory);

    /// <summary>Starts <paramref name="program"/> with <paramref name="arguments"/>, adding only <paramref name="environment"/> to this process's environment.</summary>
    public static ChildProcess StartProgram(string name, string program, IEnumerable<string> arguments,
        IReadOnlyDictionary<string, string>? environment = null, string? workingDirectory = null, string? logFile = null)
    {
        var start = new ProcessStartInfo(File.Exists(Setsid) ? Setsid : program)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? Environment.CurrentDirectory,
        };
        if (start.FileName == Setsid)
        {
            // Not a process-group leader, so setsid execs in place: the PID we hold is the program's own.
            start.ArgumentList.Add(program);
        }

        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[key] = value;
        }

        var log = logFile is null ? null : new StreamWriter(logFile, append: false) { AutoFlush = true };
        try
        {
            var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {name}");
            process.StandardInput.Close();
            return new ChildProcess(name, process, log, logFile);
        }
        catch
        {
            log?.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Polls <paramref name="url"/> until it answers 2xx; fails at once if the process exits, or after
    /// <paramref name="timeout"/>, with its output. Returns how long it took.
    /// </summary>
    public async Task<TimeSpan> WaitReadyAsync(Uri url, TimeSpan timeout, TimeSpan? poll = null, CancellationToken cancellationToken = default)
    {
        var clock = Stopwatch.StartNew();
        using var probe = new ReadinessProbe(poll);
        try
        {
            await probe.WaitAsync(this, url, $"ready at {url}", timeout, cancellationToken);
        }
        catch (StartupFailedException e)
        {
            throw new StartupFailedException($"{e.Message}:\n{Output}", this);
        }

        return clock.Elapsed;
    }

    /// <summary>Waits for the process to exit by itself; killed if <paramref name="cancellationToken"/> fires first.</summary>
    public async Task WaitForExitAsync(CancellationToken cancellationToken)
    {
        try
        {
            await _process.WaitForExitAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            Kill();
            throw;
        }
    }

    /// <summary>
    /// SIGTERM, then up to <paramref name="grace"/> to exit; SIGKILL after that or once <paramref name="hurry"/> fires.
    /// Whether it exited by itself.
    /// </summary>
    public async Task<bool> StopAsync(TimeSpan grace, CancellationToken hurry = default)
    {
        if (_process.HasExited)
        {
            return true;
        }

        await SignalAsync("TERM");
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(hurry);
        limit.CancelAfter(grace);
        try
        {
            await _process.WaitForExitAsync(limit.Token);
            return true;
        }
        catch (OperationCanceledException)
        {
            Kill();
            return false;
        }
    }

    /// <summary>SIGKILL to the program and its process group (what it started), and waits until it is gone.</summary>
    public void Kill()
    {
        if (_process.HasExited)
        {
            return;
        }

        if (File.Exists(Setsid))
        {
            // The program leads its own group (setsid): "-PID" is the group.
            using var group = Process.Start(new ProcessStartInfo("kill", ["-KILL", "--", "-" + Pid.ToString(CultureInfo.InvariantCulture)])
            {
                UseShellExecute = false,
                RedirectStandardError = true,
            });
            group?.WaitForExit(10_000);
        }

        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        _process.WaitForExit(10_000);
    }

    /// <summary>Sends <paramref name="signal"/> (a name such as TERM, STOP, CONT) to the program's PID.</summary>
    public Task SignalAsync(string signal) => ShortCommand.RunAsync("kill", [$"-{signal}", Pid.ToString(CultureInfo.InvariantCulture)]);

    /// <summary>The last lines of the output, for failure messages.</summary>
    public string Tail(int lines)
    {
        var all = Output.Split('\n');
        return string.Join('\n', all.Skip(Math.Max(0, all.Length - lines)));
    }

    public void Dispose()
    {
        Kill();
        _process.Dispose();
        lock (_outputLock)
        {
            _log?.Dispose();
        }
    }

    public ValueTask DisposeAsync()
    {
        Dispose();
        return ValueTask.CompletedTask;
    }

    private void Write(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_outputLock)
        {
            if (_log is null)
            {
                _memory.AppendLine(line);
                return;
            }

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
