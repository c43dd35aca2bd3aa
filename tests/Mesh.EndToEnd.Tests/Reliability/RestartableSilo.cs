using System.Globalization;
using Mesh.Demo.Processes;
using Mesh.Testing;

namespace Mesh.EndToEnd.Tests.Reliability;

/// <summary>
/// A silo process that can be stopped and started again on the same ports, as an operator restarts a silo: proxies
/// know silos by their discovery URLs, so a silo that comes back must come back where they look for it.
/// </summary>
public sealed class RestartableSilo : IAsyncDisposable
{
    private readonly string _postgres;
    private readonly string _clusterId;
    private readonly int _apiPort = FreePort.Next();
    private readonly int _gatewayPort = FreePort.Next();
    private readonly int _discoveryPort = FreePort.Next();
    private readonly List<ChildProcess> _runs = [];
    private ChildProcess? _process;

    public RestartableSilo(string postgres, string clusterId)
    {
        _postgres = postgres;
        _clusterId = clusterId;
        ApiUrl = new Uri($"http://127.0.0.1:{_apiPort}/");
        DiscoveryUrl = new Uri($"http://127.0.0.1:{_discoveryPort}");
        Http = new HttpClient { BaseAddress = ApiUrl, Timeout = TimeSpan.FromSeconds(30) };
    }

    public int SiloPort { get; } = FreePort.Next();

    public Uri ApiUrl { get; }

    /// <summary>The proxy API (HTTP/2 cleartext).</summary>
    public Uri DiscoveryUrl { get; }

    public HttpClient Http { get; }

    public bool Running => _process is { HasExited: false };

    /// <summary>What the current (or last) process printed, for failure messages.</summary>
    public string Output => _process?.Output ?? "";

    /// <summary>Starts the silo process on this silo's ports (the previous one must have exited).</summary>
    public void Start()
    {
        if (Running)
        {
            throw new InvalidOperationException($"silo :{SiloPort} is running");
        }

        ExclusiveTestRun.Enter();
        _process = ChildProcess.Start($"silo :{SiloPort}", RepositoryPaths.SiloDll, new Dictionary<string, string?>
        {
            ["ConnectionStrings:Postgres"] = _postgres,
            ["Orleans:ClusterId"] = _clusterId,
            ["Orleans:SiloPort"] = SiloPort.ToString(CultureInfo.InvariantCulture),
            ["Orleans:GatewayPort"] = _gatewayPort.ToString(CultureInfo.InvariantCulture),
            ["Mesh:ApiUrl"] = $"http://127.0.0.1:{_apiPort}",
            ["Mesh:DiscoveryUrl"] = $"http://127.0.0.1:{_discoveryPort}",
        });
        _runs.Add(_process);
    }

    /// <summary>Waits until <c>/health</c> says the silo is an active cluster member.</summary>
    public Task WaitHealthyAsync(TimeSpan timeout) =>
        (_process ?? throw new InvalidOperationException("not started")).WaitReadyAsync(new Uri(ApiUrl, "/health"), timeout);

    /// <summary>SIGTERM, then waits for a graceful exit.</summary>
    public Task StopAsync(TimeSpan? timeout = null) => _process?.StopOrFailAsync(timeout) ?? Task.CompletedTask;

    /// <summary>SIGKILL: the silo vanishes without a word to the cluster or its proxies.</summary>
    public void Kill() => _process?.Kill();

    public async ValueTask DisposeAsync()
    {
        foreach (var run in _runs)
        {
            await run.DisposeAsync();
        }

        Http.Dispose();
    }
}
