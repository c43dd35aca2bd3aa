using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace Mesh.Testing;

/// <summary>
/// A program under test started as operators start it (<c>dotnet Program.dll --Key=value</c>), its output kept for
/// failure messages, stopped by PID: SIGTERM for a graceful stop, SIGKILL for a crash, SIGSTOP to freeze, and
/// killed on dispose whatever happened.
/// </summary>
public sealed class ManagedProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private ManagedProcess(Process process, string name)
    {
        _process = process;
        Name = name;
        process.OutputDataReceived += (_, e) => Append(e.Data);
        process.ErrorDataReceived += (_, e) => Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public string Name { get; }

    public int Pid => _process.Id;

    public bool HasExited => _process.HasExited;

    public int ExitCode => _process.ExitCode;

    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    public static ManagedProcess Start(string name, string dll, IReadOnlyDictionary<string, string?> settings) =>
        StartProgram(name, "dotnet", [dll, .. settings.Where(s => s.Value is not null).Select(s => $"--{s.Key}={s.Value}")],
            new Dictionary<string, string>
            {
                // Workstation GC keeps many processes on a two-core machine light; it changes no behaviour under test.
                ["DOTNET_gcServer"] = "0",
                ["ASPNETCORE_ENVIRONMENT"] = "Production",
            },
            Path.GetDirectoryName(dll)!);

    /// <summary>
    /// Starts <paramref name="program"/> under <c>taskset -c {cpus}</c> (a CPU list such as "1" or "0-1"). taskset execs
    /// the program, so the PID is the program's, pinned from its first instruction: the .NET runtime sizes its thread
    /// pool and GC for the CPUs it is given.
    /// </summary>
    public static ManagedProcess StartPinned(string name, string cpus, string program, IEnumerable<string> arguments,
        IReadOnlyDictionary<string, string>? environment = null, string? workingDirectory = null) =>
        StartProgram(name, "taskset", ["-c", cpus, program, .. arguments], environment, workingDirectory);

    /// <summary>Starts <paramref name="program"/> with <paramref name="arguments"/>, adding only <paramref name="environment"/> to this process's environment.</summary>
    public static ManagedProcess StartProgram(string name, string program, IEnumerable<string> arguments,
        IReadOnlyDictionary<string, string>? environment = null, string? workingDirectory = null)
    {
        ExclusiveTestRun.Enter();
        var start = new ProcessStartInfo(program)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? Environment.CurrentDirectory,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[key] = value;
        }

        return new ManagedProcess(Process.Start(start) ?? throw new InvalidOperationException($"could not start {name}"), name);
    }

    /// <summary>
    /// Polls <paramref name="url"/> every <paramref name="poll"/> (50 ms unless given) until it answers 2xx; fails early
    /// if the process exits. Returns how long it took.
    /// </summary>
    public async Task<TimeSpan> WaitReadyAsync(Uri url, TimeSpan timeout, TimeSpan? poll = null, CancellationToken cancellationToken = default)
    {
        var clock = Stopwatch.StartNew();
        using var probe = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        while (clock.Elapsed < timeout)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"{Name} exited with {_process.ExitCode} before {url} was ready:\n{Output}");
            }

            try
            {
                using var response = await probe.GetAsync(url, cancellationToken);
                if (response.IsSuccessStatusCode)
                {
                    return clock.Elapsed;
                }
            }
            catch (Exception e) when (e is HttpRequestException || (e is TaskCanceledException && !cancellationToken.IsCancellationRequested))
            {
                // Not listening yet.
            }

            await Task.Delay(poll ?? TimeSpan.FromMilliseconds(50), cancellationToken);
        }

        throw new TimeoutException($"{Name}: {url} was not ready within {timeout}:\n{Output}");
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

    /// <summary>SIGTERM, then waits for a graceful exit.</summary>
    public async Task StopAsync(TimeSpan? timeout = null)
    {
        if (_process.HasExited)
        {
            return;
        }

        await SignalAsync("TERM");
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(30));
        try
        {
            await _process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            Kill();
            throw new TimeoutException($"{Name} did not exit within {timeout ?? TimeSpan.FromSeconds(30)} of SIGTERM:\n{Output}");
        }
    }

    /// <summary>SIGKILL: the process vanishes without a word.</summary>
    public void Kill()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit(10_000);
        }
    }

    public Task SignalAsync(string signal) =>
        ProcessRunner.RunAsync("kill", [$"-{signal}", Pid.ToString(CultureInfo.InvariantCulture)]);

    public ValueTask DisposeAsync()
    {
        Kill();
        _process.Dispose();
        return ValueTask.CompletedTask;
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.AppendLine(line);
        }
    }
}
