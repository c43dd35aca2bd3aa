using System.Diagnostics;
using System.Net;
using System.Text.Json.Nodes;
using Mesh.Testing;

namespace Mesh.EndToEnd.Tests;

/// <summary>
/// The issue's test topology, all real processes on loopback: PostgreSQL, two silos, and proxies for svc-a,
/// svc-b v1 and svc-b v2, each in front of a small real app, connected to different silos.
/// </summary>
public sealed class MeshTopology : IAsyncLifetime
{
    private readonly PostgresServer _postgres = new();
    private readonly List<IAsyncDisposable> _owned = [];

    public SiloProcess[] Silos { get; private set; } = [];

    public ProxyAgentProcess CallerProxy { get; private set; } = null!;

    public ProxyAgentProcess V1Proxy { get; private set; } = null!;

    public ProxyAgentProcess V2Proxy { get; private set; } = null!;

    /// <summary>The apps behind svc-b's proxies, which tests can tell to fail or stall.</summary>
    public TestApp V1App { get; private set; } = null!;

    public TestApp V2App { get; private set; } = null!;

    public string Database { get; private set; } = "";

    /// <summary>The topology's own PostgreSQL server, which outage tests stop and start.</summary>
    public PostgresServer Postgres => _postgres;

    public async Task InitializeAsync()
    {
        await _postgres.InitializeAsync();
        Database = await _postgres.CreateDatabaseAsync();
        Silos = [SiloProcess.Start(Database, "e2e"), SiloProcess.Start(Database, "e2e")];
        _owned.AddRange(Silos);
        await Task.WhenAll(Silos.Select(s => s.WaitHealthyAsync(TimeSpan.FromSeconds(90))));

        var caller = await TestApp.StartAsync("svc-a", "v1", "a-1");
        var v1 = await TestApp.StartAsync("svc-b", "v1", "b-v1-1");
        var v2 = await TestApp.StartAsync("svc-b", "v2", "b-v2-1");
        _owned.AddRange([caller, v1, v2]);
        (V1App, V2App) = (v1, v2);

        // Each proxy lists both silos; the first one listed is the one it connects to first.
        CallerProxy = Own(ProxyAgentProcess.Start("svc-a", "v1", [Silos[0].DiscoveryUrl, Silos[1].DiscoveryUrl], caller.Url, upstreams: ["svc-b"]));
        V1Proxy = Own(ProxyAgentProcess.Start("svc-b", "v1", [Silos[1].DiscoveryUrl, Silos[0].DiscoveryUrl], v1.Url));
        V2Proxy = Own(ProxyAgentProcess.Start("svc-b", "v2", [Silos[0].DiscoveryUrl, Silos[1].DiscoveryUrl], v2.Url));
        await Task.WhenAll(CallerProxy.WaitReadyAsync(), V1Proxy.WaitReadyAsync(), V2Proxy.WaitReadyAsync());
        await WaitForEndpointsAsync("svc-b", 2);
    }

    public T Own<T>(T resource)
        where T : IAsyncDisposable
    {
        _owned.Add(resource);
        return resource;
    }

    /// <summary>Writes a route policy and returns the config version proxies will see, with when the API replied.</summary>
    public static async Task<(long ConfigVersion, Stopwatch SinceReply)> PutRoutesAsync(SiloProcess silo, string service, string routes)
    {
        using var response = await silo.Http.PutJsonAsync($"/api/v1/services/{service}/routes", routes);
        var clock = Stopwatch.StartNew();
        await response.ReadJsonAsync(HttpStatusCode.OK);
        var detail = await silo.Http.GetJsonAsync($"/api/v1/services/{service}");
        return (detail["resourceVersion"]!.GetValue<long>() + detail["routesVersion"]!.GetValue<long>(), clock);
    }

    public static string Split(int v1, int v2) =>
        $$$"""{"routes":[{"name":"default","destinations":[{"subset":"v1","weight":{{{v1}}}},{"subset":"v2","weight":{{{v2}}}}]}]}""";

    /// <summary>
    /// Waits until every proxy watching <paramref name="service"/> is connected and has ACKed <paramref name="version"/>
    /// (or newer). A proxy the silos know but that is disconnected has ACKed nothing: every proxy of this topology
    /// stays up, so it has to come back.
    /// </summary>
    /// <param name="ended">Proxies the test itself disconnected for good, left out.</param>
    public async Task WaitAllAckedAsync(string service, long version, TimeSpan? timeout = null, IReadOnlyCollection<string>? ended = null)
    {
        bool Acked((JsonNode Proxy, JsonNode Watch) p, long version) =>
            (ended?.Contains(p.Proxy["id"]!.GetValue<string>()) ?? false)
            || (p.Proxy["connected"]!.GetValue<bool>() && p.Watch["ackedVersion"]?.GetValue<long>() >= version);

        try
        {
            await Eventually.WaitAsync(
                () => Silos.First(s => !s.HasExited).Http.GetJsonAsync("/api/v1/proxies"),
                proxies => Watching(proxies, service).ToList() is { Count: > 0 } watching && watching.All(p => Acked(p, version)),
                $"every proxy watching {service} connected and ACKed version {version}",
                timeout);
        }
        catch (TimeoutException e)
        {
            var proxies = await Silos.First(s => !s.HasExited).Http.GetJsonAsync("/api/v1/proxies");
            var lagging = Watching(proxies, service).Where(p => !Acked(p, version))
                .Select(p => $"{p.Proxy["id"]} (connected {p.Proxy["connected"]}, silo {p.Proxy["silo"]}, acked {p.Watch["ackedVersion"]}, state {p.Watch["state"]})");
            throw new TimeoutException($"{e.Message}; not there: {string.Join(", ", lagging.Take(10))}", e);
        }
    }

    /// <summary>The watches of <paramref name="service"/> by every proxy the silos know, connected or not.</summary>
    public static IEnumerable<JsonNode> Watchers(JsonNode proxies, string service) => Watching(proxies, service).Select(p => p.Watch);

    private static IEnumerable<(JsonNode Proxy, JsonNode Watch)> Watching(JsonNode proxies, string service) =>
        from proxy in proxies.AsArray()
        from watch in proxy!["watches"]!.AsArray()
        where watch!["service"]!.GetValue<string>() == service
        select (proxy!, watch!);

    public Task WaitForEndpointsAsync(string service, int count) =>
        Eventually.WaitAsync(
            () => Silos.First(s => !s.HasExited).Http.GetJsonAsync($"/api/v1/services/{service}"),
            s => s["endpoints"]!.AsArray().Count == count,
            $"{service} has {count} endpoints",
            TimeSpan.FromSeconds(30));

    public static async Task<double> InboundRequestsAsync(ProxyAgentProcess proxy)
    {
        var metrics = await proxy.Admin.GetStringAsync(new Uri("/metrics", UriKind.Relative));
        return PrometheusText.Sum(metrics, "mesh_requests_total", ("direction", "inbound"));
    }

    public async Task DisposeAsync()
    {
        for (var i = _owned.Count - 1; i >= 0; i--)
        {
            await _owned[i].DisposeAsync();
        }

        await _postgres.DisposeAsync();
    }
}
