using System.Net;
using System.Text.Json.Nodes;
using Mesh.Testing;

namespace Mesh.EndToEnd.Tests.Reliability;

/// <summary>
/// The topology for static stability, all real processes on loopback: PostgreSQL, two silos that can be
/// stopped and started again on their ports, and proxies for svc-a, svc-b v1 and svc-b v2 in front of real apps, each
/// proxy with a config cache of its own (<c>Mesh:CacheDir</c>).
/// </summary>
public sealed class StaticStabilityMesh : IAsyncLifetime
{
    /// <summary>svc-a's proxy drains this long after SIGTERM: the app moves to the new proxy meanwhile.</summary>
    public const int CallerDrainSeconds = 10;

    private readonly PostgresServer _postgres = new();
    private readonly List<IAsyncDisposable> _owned = [];
    private readonly DirectoryInfo _caches = Directory.CreateTempSubdirectory("mesh-cache-");

    public RestartableSilo[] Silos { get; private set; } = [];

    public ProxyAgentProcess CallerProxy { get; private set; } = null!;

    public ProxyAgentProcess V1Proxy { get; private set; } = null!;

    public ProxyAgentProcess V2Proxy { get; private set; } = null!;

    public TestApp CallerApp { get; private set; } = null!;

    public string CallerCacheDir => Path.Combine(_caches.FullName, "svc-a-v1");

    public const string CallerProxyId = "svc-a-v1-static";

    public async Task InitializeAsync()
    {
        await _postgres.InitializeAsync();
        var database = await _postgres.CreateDatabaseAsync();
        Silos = [Own(new RestartableSilo(database, "static")), Own(new RestartableSilo(database, "static"))];
        await StartSilosAsync();

        CallerApp = Own(await TestApp.StartAsync("svc-a", "v1", "a-1"));
        var v1 = Own(await TestApp.StartAsync("svc-b", "v1", "b-v1-1"));
        var v2 = Own(await TestApp.StartAsync("svc-b", "v2", "b-v2-1"));
        CallerProxy = StartCallerProxy();
        V1Proxy = Own(ProxyAgentProcess.Start("svc-b", "v1", [Silos[1].DiscoveryUrl, Silos[0].DiscoveryUrl], v1.Url,
            proxyId: "svc-b-v1-static", extra: Cache("svc-b-v1")));
        V2Proxy = Own(ProxyAgentProcess.Start("svc-b", "v2", [Silos[0].DiscoveryUrl, Silos[1].DiscoveryUrl], v2.Url,
            proxyId: "svc-b-v2-static", extra: Cache("svc-b-v2")));
        await Task.WhenAll(CallerProxy.WaitReadyAsync(), V1Proxy.WaitReadyAsync(), V2Proxy.WaitReadyAsync());
        await Eventually.WaitAsync(
            () => Silos[0].Http.GetJsonAsync("/api/v1/services/svc-b"),
            s => s["endpoints"]!.AsArray().Count == 2,
            "svc-b has its 2 endpoints", TimeSpan.FromSeconds(30));
    }

    /// <summary>Starts (again) every silo on its ports and waits until each is an active cluster member.</summary>
    public async Task StartSilosAsync()
    {
        foreach (var silo in Silos)
        {
            silo.Start();
        }

        await Task.WhenAll(Silos.Select(s => s.WaitHealthyAsync(TimeSpan.FromSeconds(90))));
    }

    /// <summary>A proxy for svc-a (calling svc-b), with the proxy id and cache directory every svc-a proxy of this mesh shares.</summary>
    public ProxyAgentProcess StartCallerProxy() =>
        Own(ProxyAgentProcess.Start("svc-a", "v1", [Silos[0].DiscoveryUrl, Silos[1].DiscoveryUrl], CallerApp.Url, upstreams: ["svc-b"],
            proxyId: CallerProxyId, extra: new Dictionary<string, string?>(Cache("svc-a-v1")) { ["Mesh:DrainSeconds"] = $"{CallerDrainSeconds}" }));

    /// <summary>Writes svc-b's routes through <paramref name="silo"/>, retrying while the cluster answers 503, and returns the config version proxies will see.</summary>
    public static async Task<long> PutRoutesAsync(RestartableSilo silo, string routes)
    {
        await Eventually.WaitAsync(
            async () =>
            {
                using var put = await silo.Http.PutJsonAsync("/api/v1/services/svc-b/routes", routes);
                return put.StatusCode;
            },
            status => status == HttpStatusCode.OK,
            "the silo accepts svc-b's routes", TimeSpan.FromSeconds(30));
        var detail = await silo.Http.GetJsonAsync("/api/v1/services/svc-b");
        return detail["resourceVersion"]!.GetValue<long>() + detail["routesVersion"]!.GetValue<long>();
    }

    public static string Split(int v1, int v2) =>
        $$$"""{"routes":[{"name":"default","destinations":[{"subset":"v1","weight":{{{v1}}}},{"subset":"v2","weight":{{{v2}}}}]}]}""";

    /// <summary>The proxies of <paramref name="ids"/> as <c>GET /api/v1/proxies</c> shows them.</summary>
    public static IReadOnlyList<JsonNode> Proxies(JsonNode proxies, IEnumerable<string> ids) =>
        proxies.AsArray().Where(p => ids.Contains(p!["id"]!.GetValue<string>())).Select(p => p!).ToArray();

    public T Own<T>(T resource)
        where T : IAsyncDisposable
    {
        _owned.Add(resource);
        return resource;
    }

    public async Task DisposeAsync()
    {
        for (var i = _owned.Count - 1; i >= 0; i--)
        {
            await _owned[i].DisposeAsync();
        }

        await _postgres.DisposeAsync();
        _caches.Delete(recursive: true);
    }

    private Dictionary<string, string?> Cache(string name) => new() { ["Mesh:CacheDir"] = Path.Combine(_caches.FullName, name) };
}
