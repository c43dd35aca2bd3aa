using System.Globalization;
using Mesh.Demo.Processes;

namespace Mesh.Testing;

/// <summary>One silo started as operators start it, on free loopback ports.</summary>
public sealed class SiloProcess : IAsyncDisposable
{
    private readonly ChildProcess _process;

    private SiloProcess(ChildProcess process, Uri apiUrl, Uri discoveryUrl, int siloPort)
    {
        _process = process;
        ApiUrl = apiUrl;
        DiscoveryUrl = discoveryUrl;
        SiloPort = siloPort;
        Http = new HttpClient { BaseAddress = apiUrl, Timeout = TimeSpan.FromSeconds(30) };
    }

    public Uri ApiUrl { get; }

    /// <summary>The proxy API (HTTP/2 cleartext).</summary>
    public Uri DiscoveryUrl { get; }

    public int SiloPort { get; }

    public int Pid => _process.Pid;

    public HttpClient Http { get; }

    public bool HasExited => _process.HasExited;

    /// <summary>Everything the silo printed so far, for failure messages.</summary>
    public string Output => _process.Output;

    /// <summary>Starts a silo; <paramref name="postgres"/> <c>null</c> means embedded mode with <paramref name="embeddedDatabase"/>.</summary>
    /// <param name="extra">More settings (<c>Section:Key</c> → value), e.g. log levels for benchmarks.</param>
    public static SiloProcess Start(string? postgres, string clusterId, string? embeddedDatabase = null, IReadOnlyDictionary<string, string?>? extra = null)
    {
        ExclusiveTestRun.Enter();
        var (apiPort, siloPort, gatewayPort, discoveryPort) = (FreePort.Next(), FreePort.Next(), FreePort.Next(), FreePort.Next());
        var settings = new Dictionary<string, string?>
        {
            ["ConnectionStrings:Postgres"] = postgres,
            ["Mesh:EmbeddedDatabase"] = embeddedDatabase,
            ["Orleans:ClusterId"] = clusterId,
            ["Orleans:SiloPort"] = siloPort.ToString(CultureInfo.InvariantCulture),
            ["Orleans:GatewayPort"] = gatewayPort.ToString(CultureInfo.InvariantCulture),
            ["Mesh:ApiUrl"] = $"http://127.0.0.1:{apiPort}",
            ["Mesh:DiscoveryUrl"] = $"http://127.0.0.1:{discoveryPort}",
        };
        foreach (var (key, value) in extra ?? new Dictionary<string, string?>())
        {
            settings[key] = value;
        }

        var process = ChildProcess.Start($"silo :{siloPort}", RepositoryPaths.SiloDll, settings);
        return new SiloProcess(process, new Uri($"http://127.0.0.1:{apiPort}/"), new Uri($"http://127.0.0.1:{discoveryPort}"), siloPort);
    }

    /// <summary>Waits until <c>/health</c> says the silo is an active cluster member.</summary>
    public Task WaitHealthyAsync(TimeSpan? timeout = null) =>
        _process.WaitReadyAsync(new Uri(ApiUrl, "/health"), timeout ?? TimeSpan.FromSeconds(60));

    /// <summary>SIGTERM, then waits for a graceful exit.</summary>
    public Task StopAsync() => _process.StopOrFailAsync();

    /// <summary>SIGKILL: the silo vanishes without a word to the cluster.</summary>
    public void Kill() => _process.Kill();

    public async ValueTask DisposeAsync()
    {
        await _process.DisposeAsync();
        Http.Dispose();
    }
}
