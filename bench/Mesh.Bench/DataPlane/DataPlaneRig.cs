using System.Diagnostics;
using System.Globalization;
using System.Net;
using Mesh.Demo.Processes;
using Mesh.Testing;

namespace Mesh.Bench.DataPlane;

/// <summary>
/// Every process of the data-plane benchmark on loopback: the upstream, nginx, HAProxy, an embedded silo and two
/// proxy agents (a caller's sidecar and the upstream's sidecar). Proxies and upstream share the proxy CPU; the silo
/// runs with the load generator. Everything it started is stopped by PID and its temporary directory removed on
/// dispose, whatever happened.
/// </summary>
public sealed class DataPlaneRig : IAsyncDisposable
{
    public const string UpstreamService = "bench-up";
    public const string SidecarService = "bench-side";
    public const string Body = "hello from the upstream";

    /// <summary>How often readiness is polled: start-up times are read from it.</summary>
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(10);

    private readonly List<ChildProcess> _processes = [];
    private readonly string _directory = Directory.CreateTempSubdirectory("mesh-bench-dataplane-").FullName;
    private readonly Dictionary<ChildProcess, Uri> _readyUrls = [];
    private SiloProcess? _silo;

    public required string ProxyCpu { get; init; }

    public required string LoadCpu { get; init; }

    /// <summary>How the agent is started: its build output run with <c>dotnet</c>, or a native executable.</summary>
    public required string Agent { get; init; }

    /// <summary>Extra environment for the agents (for trying runtime settings before they go into the project).</summary>
    public required IReadOnlyDictionary<string, string> AgentEnvironment { get; init; }

    public Uri UpstreamUrl { get; private set; } = null!;

    public Uri NginxUrl { get; private set; } = null!;

    public Uri HaproxyUrl { get; private set; } = null!;

    public ChildProcess Nginx { get; private set; } = null!;

    public ChildProcess Haproxy { get; private set; } = null!;

    public ChildProcess CallerAgent { get; private set; } = null!;

    public ChildProcess SidecarAgent { get; private set; } = null!;

    public Uri CallerOutboundUrl { get; private set; } = null!;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var (upstream, nginx, haproxy) = (FreePort.Next(), FreePort.Next(), FreePort.Next());
        UpstreamUrl = new Uri($"http://127.0.0.1:{upstream}/");
        NginxUrl = new Uri($"http://127.0.0.1:{nginx}/");
        HaproxyUrl = new Uri($"http://127.0.0.1:{haproxy}/");
        await StartNginxAsync("upstream", NginxConfig.Upstream(_directory, upstream, Body), UpstreamUrl, cancellationToken);
        Nginx = await StartNginxAsync("proxy", NginxConfig.Proxy(_directory, nginx, upstream), NginxUrl, cancellationToken);
        var haproxyConfig = Path.Combine(_directory, "haproxy.cfg");
        await File.WriteAllTextAsync(haproxyConfig, HaproxyConfig.Proxy(haproxy, upstream), cancellationToken);
        Haproxy = Own(ChildProcess.StartPinned("haproxy", ProxyCpu, "haproxy", ["-db", "-f", haproxyConfig]));
        await Haproxy.WaitReadyAsync(HaproxyUrl, TimeSpan.FromSeconds(10), Poll, cancellationToken);

        _silo = SiloProcess.Start(null, "bench", Path.Combine(_directory, "silo", "mesh.db"));
        await _silo.WaitHealthyAsync(TimeSpan.FromSeconds(90));
        await PinAsync(_silo.Pid, LoadCpu);
        var endpoint = $$$"""{"address":"{{{UpstreamUrl.GetLeftPart(UriPartial.Authority)}}}","labels":{"version":"v1"}}""";
        using (var put = await _silo.Http.PutJsonAsync($"/api/v1/services/{UpstreamService}/endpoints/up-1", endpoint))
        {
            put.EnsureSuccessStatusCode();
        }

        (SidecarAgent, _) = StartAgent(SidecarService, appUrl: UpstreamUrl, upstreams: null);
        (CallerAgent, CallerOutboundUrl) = StartAgent("bench-caller", appUrl: null, upstreams: $"{UpstreamService},{SidecarService}");
        foreach (var (agent, ready) in _readyUrls)
        {
            await agent.WaitReadyAsync(ready, TimeSpan.FromSeconds(60), Poll, cancellationToken);
        }

        foreach (var service in new[] { UpstreamService, SidecarService })
        {
            await WaitRoutedAsync(service, cancellationToken);
        }
    }

    /// <summary>Pins every thread of a running process (threads it starts later inherit the mask).</summary>
    public static async Task PinAsync(int pid, string cpus)
    {
        var start = new ProcessStartInfo("taskset", ["-a", "-cp", cpus, pid.ToString(CultureInfo.InvariantCulture)])
        {
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        using var taskset = Process.Start(start)!;
        await taskset.StandardOutput.ReadToEndAsync();
        await taskset.WaitForExitAsync();
    }

    private (ChildProcess Agent, Uri Outbound) StartAgent(string service, Uri? appUrl, string? upstreams)
    {
        var (outbound, inbound, admin) = (FreePort.Next(), FreePort.Next(), FreePort.Next());
        List<string> arguments =
        [
            $"--Mesh:ControlPlane={_silo!.DiscoveryUrl.GetLeftPart(UriPartial.Authority)}",
            $"--Mesh:Service={service}",
            "--Mesh:Version=v1",
            $"--Mesh:OutboundUrl=http://127.0.0.1:{outbound}",
            $"--Mesh:InboundUrl=http://127.0.0.1:{inbound}",
            $"--Mesh:AdminUrl=http://127.0.0.1:{admin}",
        ];
        if (appUrl is not null)
        {
            arguments.Add($"--Mesh:AppUrl={appUrl.GetLeftPart(UriPartial.Authority)}");
        }

        if (upstreams is not null)
        {
            arguments.Add($"--Mesh:Upstreams={upstreams}");
        }

        var native = !Agent.EndsWith(".dll", StringComparison.Ordinal);
        var environment = new Dictionary<string, string>(AgentEnvironment) { ["ASPNETCORE_ENVIRONMENT"] = "Production" };
        var process = Own(ChildProcess.StartPinned($"agent {service}", ProxyCpu, native ? Agent : "dotnet", native ? arguments : [Agent, .. arguments],
            environment, Path.GetDirectoryName(Agent)));
        _readyUrls.Add(process, new Uri($"http://127.0.0.1:{admin}/ready"));
        return (process, new Uri($"http://127.0.0.1:{outbound}/"));
    }

    /// <summary>Waits until a request for <paramref name="service"/> through the caller's proxy reaches the upstream.</summary>
    private async Task WaitRoutedAsync(string service, CancellationToken cancellationToken)
    {
        using var client = new HttpClient(new SocketsHttpHandler { UseProxy = false }) { Timeout = TimeSpan.FromSeconds(5) };
        var clock = Stopwatch.StartNew();
        while (true)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, CallerOutboundUrl);
            request.Headers.Host = service;
            using var response = await client.SendAsync(request, cancellationToken);
            if (response.StatusCode == HttpStatusCode.OK && await response.Content.ReadAsStringAsync(cancellationToken) == Body)
            {
                return;
            }

            if (clock.Elapsed > TimeSpan.FromSeconds(30))
            {
                throw new TimeoutException($"requests for {service} through the caller's proxy still answer {(int)response.StatusCode} after 30 s:\n" +
                    $"{CallerAgent.Output}\n{SidecarAgent.Output}");
            }

            await Task.Delay(100, cancellationToken);
        }
    }

    private async Task<ChildProcess> StartNginxAsync(string name, string config, Uri url, CancellationToken cancellationToken)
    {
        var file = Path.Combine(_directory, $"{name}.conf");
        await File.WriteAllTextAsync(file, config, cancellationToken);
        var process = Own(ChildProcess.StartPinned($"nginx {name}", ProxyCpu, "nginx", ["-e", Path.Combine(_directory, $"{name}-error.log"), "-p", _directory, "-c", file]));
        await process.WaitReadyAsync(url, TimeSpan.FromSeconds(10), Poll, cancellationToken);
        return process;
    }

    private ChildProcess Own(ChildProcess process)
    {
        _processes.Add(process);
        return process;
    }

    public async ValueTask DisposeAsync()
    {
        // Agents first (they say Goodbye to the silo), then the silo, then the rest; each by its own PID.
        for (var i = _processes.Count - 1; i >= 0; i--)
        {
            await StopAsync(_processes[i]);
            await _processes[i].DisposeAsync();
        }

        if (_silo is not null)
        {
            await _silo.DisposeAsync();
        }

        Directory.Delete(_directory, recursive: true);
    }

    /// <summary>SIGTERM, up to 10 s for a graceful exit, then SIGKILL: what cleanup needs, whichever way it went.</summary>
    internal static async Task StopAsync(ChildProcess process)
    {
        await process.StopAsync(TimeSpan.FromSeconds(10));
    }
}
