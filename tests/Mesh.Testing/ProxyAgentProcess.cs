using System.Globalization;
using System.Net.Http.Headers;
using Mesh.Demo.Processes;

namespace Mesh.Testing;

/// <summary>One proxy agent (sidecar) started as operators start it, its three listeners on free loopback ports.</summary>
public sealed class ProxyAgentProcess : IAsyncDisposable
{
    private readonly ChildProcess _process;

    private ProxyAgentProcess(ChildProcess process, string proxyId, int outbound, int inbound, int admin)
    {
        _process = process;
        ProxyId = proxyId;
        OutboundUrl = new Uri($"http://127.0.0.1:{outbound}/");
        InboundUrl = new Uri($"http://127.0.0.1:{inbound}/");
        AdminUrl = new Uri($"http://127.0.0.1:{admin}/");
        Admin = new HttpClient { BaseAddress = AdminUrl, Timeout = TimeSpan.FromSeconds(10) };
        Outbound = new HttpClient(new SocketsHttpHandler { UseProxy = false, MaxConnectionsPerServer = 64 })
        {
            BaseAddress = OutboundUrl,
            Timeout = TimeSpan.FromSeconds(10),
        };
    }

    public string ProxyId { get; }

    public Uri OutboundUrl { get; }

    public Uri InboundUrl { get; }

    public Uri AdminUrl { get; }

    /// <summary>Talks to the admin listener (<c>/ready</c>, <c>/config_dump</c>, <c>/metrics</c>).</summary>
    public HttpClient Admin { get; }

    /// <summary>Talks to the outbound listener, as the app in front of this proxy does.</summary>
    public HttpClient Outbound { get; }

    public int Pid => _process.Pid;

    public string Output => _process.Output;

    /// <param name="extra">More settings (<c>Section:Key</c> → value), e.g. <c>Mesh:CacheDir</c>; they win over the defaults above.</param>
    public static ProxyAgentProcess Start(string service, string? version, IEnumerable<Uri> controlPlane, Uri? appUrl = null,
        IEnumerable<string>? upstreams = null, string? proxyId = null, IReadOnlyDictionary<string, string?>? extra = null)
    {
        ExclusiveTestRun.Enter();
        var (outbound, inbound, admin) = (FreePort.Next(), FreePort.Next(), FreePort.Next());
        var id = proxyId ?? $"{service}-{version ?? "any"}-{Guid.NewGuid():N}"[..32];
        var settings = new Dictionary<string, string?>
        {
            ["Mesh:ControlPlane"] = string.Join(',', controlPlane.Select(u => u.GetLeftPart(UriPartial.Authority))),
            ["Mesh:Service"] = service,
            ["Mesh:Version"] = version,
            ["Mesh:ProxyId"] = id,
            ["Mesh:AppUrl"] = appUrl?.GetLeftPart(UriPartial.Authority),
            ["Mesh:Upstreams"] = upstreams is null ? null : string.Join(',', upstreams),
            ["Mesh:OutboundUrl"] = $"http://127.0.0.1:{outbound.ToString(CultureInfo.InvariantCulture)}",
            ["Mesh:InboundUrl"] = $"http://127.0.0.1:{inbound.ToString(CultureInfo.InvariantCulture)}",
            ["Mesh:AdminUrl"] = $"http://127.0.0.1:{admin.ToString(CultureInfo.InvariantCulture)}",
        };
        foreach (var (key, value) in extra ?? new Dictionary<string, string?>())
        {
            settings[key] = value;
        }

        var process = ChildProcess.Start($"proxy {id}", RepositoryPaths.ProxyAgentDll, settings);
        return new ProxyAgentProcess(process, id, outbound, inbound, admin);
    }

    /// <summary>Waits until <c>/ready</c> answers 200 (it holds config for its declared upstreams).</summary>
    public Task WaitReadyAsync(TimeSpan? timeout = null) =>
        _process.WaitReadyAsync(new Uri(AdminUrl, "/ready"), timeout ?? TimeSpan.FromSeconds(60));

    /// <summary>Sends a request through the outbound listener to <paramref name="service"/>, as the app would.</summary>
    public async Task<HttpResponseMessage> CallAsync(string service, string path = "/", CancellationToken cancellationToken = default)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Host = service;
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        return await Outbound.SendAsync(request, cancellationToken);
    }

    public Task StopAsync() => _process.StopOrFailAsync();

    public void Kill() => _process.Kill();

    public async ValueTask DisposeAsync()
    {
        await _process.DisposeAsync();
        Admin.Dispose();
        Outbound.Dispose();
    }
}
