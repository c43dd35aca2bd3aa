using System.Diagnostics;
using System.Net;
using System.Text;
using Mesh.Demo.Processes;
using Mesh.Testing;
using Xunit.Abstractions;

namespace Mesh.EndToEnd.Tests.Reliability;

/// <summary>
/// Three silos on PostgreSQL, 240 proxies speaking the real protocol, a steady stream of route changes, and one silo
/// lost mid-stream: killed (SIGKILL) or frozen (SIGSTOP). Its proxies move to the survivors, every change the API
/// acknowledged reaches every proxy, and all end on the same version.
/// </summary>
public sealed class SiloLossTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const int Proxies = 240;
    private const int Changes = 60;
    private const string Service = "svc-loss";

    private readonly PostgresServer _postgres = new();
    private readonly List<SiloProcess> _silos = [];

    public async Task InitializeAsync()
    {
        await _postgres.InitializeAsync();
        var database = await _postgres.CreateDatabaseAsync();
        _silos.AddRange(Enumerable.Range(0, 3).Select(_ => SiloProcess.Start(database, "loss")));
        await Task.WhenAll(_silos.Select(s => s.WaitHealthyAsync(TimeSpan.FromSeconds(90))));
    }

    [Fact]
    public Task SiloKilled_ItsProxiesReconnectWithin5Seconds_AndEveryAcknowledgedChangeReachesEveryProxy() =>
        LoseASiloAsync(victim => victim.Kill(), TimeSpan.FromSeconds(5));

    /// <summary>A frozen silo keeps its sockets open: proxies notice it by their keep-alive pings (10 s, then 5 s without an answer).</summary>
    [Fact]
    public Task SiloFrozen_IsTreatedTheSameWithinTheKeepAliveBound() =>
        LoseASiloAsync(victim => ShortCommand.RunAsync("kill", ["-STOP", victim.Pid.ToString(System.Globalization.CultureInfo.InvariantCulture)]).GetAwaiter().GetResult(),
            TimeSpan.FromSeconds(25));

    private async Task LoseASiloAsync(Action<SiloProcess> lose, TimeSpan reconnectBound)
    {
        using var api = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        Assert.Equal(HttpStatusCode.OK, await PutAsync(api, _silos[0], -1));
        await using var fleet = new SimulatedFleet([.. _silos.Select(s => s.DiscoveryUrl)], Proxies, "loss-caller", Service, Changes);
        await fleet.ConnectAsync(64, CancellationToken.None);
        Assert.True(await fleet.WaitAllAsync(p => p.Highest >= -1, TimeSpan.FromSeconds(60), CancellationToken.None), "every proxy got its first config");

        var victim = _silos[0];
        var survivors = _silos.Skip(1).ToList();
        var onVictim = fleet.Proxies.Where(p => p.Silo == 0).ToList();
        var acknowledged = new List<int>();
        var refused = 0;
        var lostAt = 0L;
        var writer = Stopwatch.StartNew();
        for (var k = 0; k < Changes && writer.Elapsed < TimeSpan.FromSeconds(150); await Task.Delay(150))
        {
            if (k == Changes / 3 && lostAt == 0)
            {
                lose(victim);
                lostAt = Stopwatch.GetTimestamp();
                output.WriteLine($"silo lost after {k} changes; {onVictim.Count} proxies were on it");
            }

            var through = lostAt == 0 ? _silos[k % _silos.Count] : survivors[k % survivors.Count];
            var status = await PutAsync(api, through, k);
            if (status == HttpStatusCode.OK)
            {
                acknowledged.Add(k);
                k++;
            }
            else
            {
                // 503 (or no answer in time) while the cluster declares the lost silo dead: nothing was changed; retry.
                refused++;
            }
        }

        Assert.Equal(Changes, acknowledged.Count);
        var allFinal = await fleet.WaitAllAsync(p => p.Last == Changes - 1, TimeSpan.FromSeconds(30), CancellationToken.None);
        var lastAnswer = "";
        System.Text.Json.Nodes.JsonNode? detail;
        try
        {
            detail = await Eventually.WaitAsync(
                async () =>
                {
                    using var response = await survivors[0].Http.GetAsync(new Uri($"/api/v1/services/{Service}", UriKind.Relative));
                    lastAnswer = await response.Content.ReadAsStringAsync();
                    return response.IsSuccessStatusCode ? System.Text.Json.Nodes.JsonNode.Parse(lastAnswer) : null;
                },
                d => d is not null, "the service reads again (503 until the lost silo is declared dead)", TimeSpan.FromSeconds(40));
        }
        catch (TimeoutException e)
        {
            var errors = string.Join("\n", _silos.SelectMany(s => s.Output.Split('\n')).Where(l => l.Contains("JsonSerializationException:", StringComparison.Ordinal) || l.Contains("Path '", StringComparison.Ordinal)).Distinct().Take(20));
            throw new TimeoutException($"{e.Message}; last answer {lastAnswer}\n{errors}", e);
        }

        var version = detail!["resourceVersion"]!.GetValue<long>() + detail["routesVersion"]!.GetValue<long>();
        var reconnects = onVictim.Select(p => Ms(lostAt, p.LastFailover.ReconnectedAt)).ToList();
        output.WriteLine($"{acknowledged.Count} changes acknowledged, {refused} refused and retried over {writer.Elapsed.TotalSeconds:F1} s");
        output.WriteLine($"reconnects of the lost silo's {onVictim.Count} proxies after the loss: max {reconnects.Max():F0} ms, mean {reconnects.Average():F0} ms");

        Assert.True(allFinal, $"{fleet.Proxies.Count(p => p.Last != Changes - 1)} proxies did not end on the last change");
        Assert.All(fleet.Proxies, p => Assert.Equal(version, p.Version));
        Assert.All(fleet.Proxies, p => Assert.Equal(0, p.Regressions));
        Assert.All(acknowledged, k => Assert.All(fleet.Proxies, p => Assert.NotEqual(0, p.ReceivedAt(k))));
        Assert.All(onVictim, p => Assert.True(p.Reconnects >= 1 && p.Silo != 0, $"{p.Id} is still on the lost silo"));
        Assert.True(reconnects.Max() <= reconnectBound.TotalMilliseconds, $"a proxy took {reconnects.Max():F0} ms to reconnect (bound {reconnectBound})");
        Assert.All(fleet.Proxies.Except(onVictim), p => Assert.Equal(0, p.Reconnects));

        // What operators see: every proxy connected to a survivor and SYNCED on the final version.
        await Eventually.WaitAsync(
            async () =>
            {
                using var response = await survivors[0].Http.GetAsync(new Uri("/api/v1/proxies", UriKind.Relative));
                return response.IsSuccessStatusCode ? System.Text.Json.Nodes.JsonNode.Parse(await response.Content.ReadAsStringAsync())! : new System.Text.Json.Nodes.JsonArray();
            },
            proxies => MeshTopology.Watchers(proxies, Service).Count(w => w["state"]!.GetValue<string>() == "SYNCED") == Proxies,
            $"all {Proxies} proxies SYNCED", TimeSpan.FromSeconds(40));
    }

    private static async Task<HttpStatusCode> PutAsync(HttpClient api, SiloProcess silo, int change)
    {
        using var content = new StringContent(NumberedChanges.Document(change), Encoding.UTF8, "application/json");
        try
        {
            using var response = await api.PutAsync(new Uri(silo.ApiUrl, $"/api/v1/services/{Service}/routes"), content);
            return response.StatusCode;
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            return HttpStatusCode.GatewayTimeout;
        }
    }

    private static double Ms(long from, long to) => to == 0 ? double.PositiveInfinity : (to - from) * 1000d / Stopwatch.Frequency;

    public async Task DisposeAsync()
    {
        foreach (var silo in _silos)
        {
            silo.Kill();
            await silo.DisposeAsync();
        }

        await _postgres.DisposeAsync();
    }
}
