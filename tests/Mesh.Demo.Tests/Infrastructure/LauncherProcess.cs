using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Threading.Channels;
using Mesh.Demo.Processes;
using Mesh.Testing;

namespace Mesh.Demo.Tests.Infrastructure;

/// <summary>
/// The demo launcher started as a user starts it (<c>dotnet Mesh.Demo.dll</c> from its build output), its console
/// read line by line. On dispose it is killed if still running, and so is every child it reported (by PID).
/// </summary>
public sealed class LauncherProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly Channel<string> _lines = Channel.CreateUnbounded<string>();
    private readonly List<string> _output = [];

    private LauncherProcess(Process process)
    {
        _process = process;
        process.OutputDataReceived += (_, e) => Receive(e.Data);
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                Receive("stderr: " + e.Data);
            }
        };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    /// <summary>The launcher's build output, next to the tests' (same configuration).</summary>
    public static string Dll { get; } = Path.Combine(RepositoryPaths.Root, "demo", "bin", RepositoryPaths.Configuration, "net10.0", "Mesh.Demo.dll");

    public int Pid => _process.Id;

    /// <summary>The children the launcher reported on its <c>PIDS:</c> line.</summary>
    public IReadOnlyList<int> ChildPids { get; private set; } = [];

    /// <summary>Everything printed so far, for failure messages.</summary>
    public string Output
    {
        get
        {
            lock (_output)
            {
                return string.Join('\n', _output);
            }
        }
    }

    public static LauncherProcess Start(params string[] arguments)
    {
        ExclusiveTestRun.Enter();
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            StandardOutputEncoding = Encoding.UTF8,
            UseShellExecute = false,
            WorkingDirectory = RepositoryPaths.Root,
        };
        start.ArgumentList.Add(Dll);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["DOTNET_gcServer"] = "0";
        return new LauncherProcess(Process.Start(start) ?? throw new InvalidOperationException("could not start the demo launcher"));
    }

    /// <summary>The next line (after those already consumed) that matches, or a timeout saying what was awaited.</summary>
    public async Task<string> WaitForLineAsync(Func<string, bool> match, string waitingFor, TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            while (await _lines.Reader.WaitToReadAsync(cts.Token))
            {
                while (_lines.Reader.TryRead(out var line))
                {
                    if (line.StartsWith("PIDS:", StringComparison.Ordinal))
                    {
                        ChildPids = [.. line["PIDS:".Length..].Split(' ', StringSplitOptions.RemoveEmptyEntries)
                            .Select(p => int.Parse(p, CultureInfo.InvariantCulture))];
                    }

                    if (match(line))
                    {
                        return line;
                    }
                }
            }
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"no line within {timeout}: {waitingFor}. The demo printed:\n{Output}");
        }

        throw new InvalidOperationException($"the demo exited (code {ExitCodeOrNone()}) before {waitingFor}. It printed:\n{Output}");
    }

    /// <summary>Ctrl-C, as a terminal sends it.</summary>
    public Task InterruptAsync() => ShortCommand.RunAsync("kill", ["-INT", Pid.ToString(CultureInfo.InvariantCulture)]);

    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"the demo did not exit within {timeout} of SIGINT. It printed:\n{Output}");
        }

        return _process.ExitCode;
    }

    /// <summary>Whether a process is gone (no such PID, or a zombie waiting only for its parent to reap it).</summary>
    public static bool IsGone(int pid)
    {
        var stat = $"/proc/{pid.ToString(CultureInfo.InvariantCulture)}/stat";
        try
        {
            var text = File.ReadAllText(stat);
            return text[(text.LastIndexOf(')') + 2)..].StartsWith('Z');
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return true;
        }
    }

    public ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
            _process.WaitForExit(10_000);
        }

        foreach (var pid in ChildPids.Where(p => !IsGone(p)))
        {
            try
            {
                using var leftover = Process.GetProcessById(pid);
                leftover.Kill();
            }
            catch (ArgumentException)
            {
                // Gone in between.
            }
        }

        _process.Dispose();
        return ValueTask.CompletedTask;
    }

    private string ExitCodeOrNone() => _process.HasExited ? _process.ExitCode.ToString(CultureInfo.InvariantCulture) : "none yet";

    private void Receive(string? line)
    {
        if (line is null)
        {
            // The launcher closed its standard output: it has exited.
            _lines.Writer.TryComplete();
            return;
        }

        lock (_output)
        {
            _output.Add(line);
        }

        _lines.Writer.TryWrite(line);
    }
}
