using System.Diagnostics;
using System.Text;

namespace Mesh.Silo.Tests.Infrastructure;

/// <summary>
/// One silo started as operators start it (<c>dotnet Mesh.Silo.dll --Key=value</c>) on free loopback ports.
/// It is stopped by PID: SIGTERM for a graceful stop, SIGKILL for a crash, and killed on dispose whatever happened.
/// </summary>
public sealed class SiloProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private SiloProcess(Process process, Uri apiUrl, Uri discoveryUrl, int siloPort)
    {
        _process = process;
        ApiUrl = apiUrl;
        DiscoveryUrl = discoveryUrl;
        SiloPort = siloPort;
        Http = new HttpClient { BaseAddress = apiUrl, Timeout = TimeSpan.FromSeconds(30) };
        process.OutputDataReceived += (_, e) => Append(e.Data);
        process.ErrorDataReceived += (_, e) => Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public Uri ApiUrl { get; }

    /// <summary>The proxy API (HTTP/2 cleartext).</summary>
    public Uri DiscoveryUrl { get; }

    public int SiloPort { get; }

    public int Pid => _process.Id;

    public HttpClient Http { get; }

    public bool HasExited => _process.HasExited;

    /// <summary>Everything the silo printed so far, for failure messages.</summary>
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

    /// <summary>Starts a silo; <paramref name="postgres"/> <c>null</c> means embedded mode with <paramref name="embeddedDatabase"/>.</summary>
    public static SiloProcess Start(string? postgres, string clusterId, string? embeddedDatabase = null)
    {
        var (apiPort, siloPort, gatewayPort, discoveryPort) = (FreePort.Next(), FreePort.Next(), FreePort.Next(), FreePort.Next());
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetDirectoryName(RepositoryPaths.SiloDll)!,
        };
        start.ArgumentList.Add(RepositoryPaths.SiloDll);
        var settings = new Dictionary<string, string?>
        {
            ["ConnectionStrings:Postgres"] = postgres,
            ["Mesh:EmbeddedDatabase"] = embeddedDatabase,
            ["Orleans:ClusterId"] = clusterId,
            ["Orleans:SiloPort"] = siloPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Orleans:GatewayPort"] = gatewayPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Mesh:ApiUrl"] = $"http://127.0.0.1:{apiPort}",
            ["Mesh:DiscoveryUrl"] = $"http://127.0.0.1:{discoveryPort}",
        };
        foreach (var (key, value) in settings.Where(s => s.Value is not null))
        {
            start.ArgumentList.Add($"--{key}={value}");
        }

        // Workstation GC keeps several silos on a two-core machine light; it changes no behaviour under test.
        start.Environment["DOTNET_gcServer"] = "0";
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        var process = Process.Start(start) ?? throw new InvalidOperationException("could not start the silo");
        return new SiloProcess(process, new Uri($"http://127.0.0.1:{apiPort}/"), new Uri($"http://127.0.0.1:{discoveryPort}"), siloPort);
    }

    /// <summary>Waits until <c>/health</c> says the silo is an active cluster member.</summary>
    public async Task WaitHealthyAsync(TimeSpan? timeout = null)
    {
        var limit = timeout ?? TimeSpan.FromSeconds(60);
        var clock = Stopwatch.StartNew();
        using var probe = new HttpClient { BaseAddress = ApiUrl, Timeout = TimeSpan.FromSeconds(2) };
        while (clock.Elapsed < limit)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"silo {ApiUrl} exited with {_process.ExitCode} before becoming healthy:\n{Output}");
            }

            try
            {
                using var response = await probe.GetAsync(new Uri("/health", UriKind.Relative));
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                // Not listening yet.
            }

            await Task.Delay(100);
        }

        throw new TimeoutException($"silo {ApiUrl} was not healthy within {limit}:\n{Output}");
    }

    /// <summary>SIGTERM, then waits for a graceful exit.</summary>
    public async Task StopAsync()
    {
        if (_process.HasExited)
        {
            return;
        }

        await ProcessRunner.RunAsync("kill", ["-TERM", Pid.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        try
        {
            await _process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            Kill();
            throw new TimeoutException($"silo {ApiUrl} did not exit within 30 s of SIGTERM:\n{Output}");
        }
    }

    /// <summary>SIGKILL: the silo vanishes without a word to the cluster.</summary>
    public void Kill()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit(10_000);
        }
    }

    public ValueTask DisposeAsync()
    {
        Kill();
        Http.Dispose();
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
