using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Text;
using Mesh.Protos.Discovery.V1;
using Mesh.Testing;
using Xunit.Abstractions;

namespace Mesh.EndToEnd.Tests.Reliability;

/// <summary>
/// Instances registering and leaving at hundreds per second, on PostgreSQL through two silos, while rules change:
/// rule pushes are not starved, and no proxy holds an instance more than a lease after it left.
/// </summary>
public sealed class EndpointChurnTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const string Service = "svc-churn";
    private static readonly TimeSpan Churn = TimeSpan.FromSeconds(12);

    /// <summary>The sidecar lease (DiscoveryOptions.Lease): the bound on how long a departed instance may linger anywhere.</summary>
    private static readonly TimeSpan Lease = TimeSpan.FromSeconds(5);

    private readonly PostgresServer _postgres = new();
    private readonly List<SiloProcess> _silos = [];

    public async Task InitializeAsync()
    {
        await _postgres.InitializeAsync();
        var database = await _postgres.CreateDatabaseAsync();
        _silos.AddRange(Enumerable.Range(0, 2).Select(_ => SiloProcess.Start(database, "churn")));
        await Task.WhenAll(_silos.Select(s => s.WaitHealthyAsync(TimeSpan.FromSeconds(90))));
    }

    [Fact]
    public async Task HighRateRegistrations_DoNotStarveRulePushes_AndDepartedInstancesLeaveEveryProxyWithinALease()
    {
        using var api = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 64 }) { Timeout = TimeSpan.FromSeconds(10) };
        Assert.Equal(HttpStatusCode.OK, await PutRoutesAsync(api, _silos[0], -1));
        var watchers = new List<(ProtocolClient Client, ConcurrentQueue<(long At, ServiceConfig Config)> Seen, Task Reader)>();
        using var stop = new CancellationTokenSource();
        for (var i = 0; i < _silos.Count; i++)
        {
            var client = await ProtocolClient.ConnectAsync(_silos[i].DiscoveryUrl, ProtocolClient.Hello($"churn-watcher-{i}", "svc-caller", Service));
            var seen = new ConcurrentQueue<(long, ServiceConfig)>();
            watchers.Add((client, seen, ReadAsync(client, seen, stop.Token)));
        }

        var left = new ConcurrentDictionary<string, long>(StringComparer.Ordinal);
        var operations = 0;
        var failed = 0;
        var clock = Stopwatch.StartNew();
        var churn = Task.WhenAll(Enumerable.Range(0, 24).Select(async worker =>
        {
            for (var i = 0; clock.Elapsed < Churn; i++)
            {
                // Instances of six services come and go; the watched one takes a sixth of the churn.
                var service = worker % 6 == 0 ? Service : $"{Service}-{worker % 6}";
                var id = $"churn-{worker}-{i}";
                var silo = _silos[(worker + i) % _silos.Count];
                using var put = await api.PutAsync(new Uri(silo.ApiUrl, $"/api/v1/services/{service}/endpoints/{id}"),
                    new StringContent($$$"""{"address":"http://127.0.0.1:{{{20000 + worker}}}","labels":{"version":"v1"}}""", Encoding.UTF8, "application/json"));
                using var delete = await api.DeleteAsync(new Uri(silo.ApiUrl, $"/api/v1/services/{service}/endpoints/{id}"));
                if (put.StatusCode == HttpStatusCode.OK && delete.IsSuccessStatusCode)
                {
                    left[id] = Stopwatch.GetTimestamp();
                }
                else
                {
                    Interlocked.Increment(ref failed);
                }

                Interlocked.Add(ref operations, 2);
            }
        }));

        // Meanwhile rules change twice a second; each must reach both watchers promptly.
        var changes = new List<(int Change, long RepliedAt)>();
        for (var k = 0; clock.Elapsed < Churn - TimeSpan.FromSeconds(1); k++)
        {
            await Task.Delay(500);
            Assert.Equal(HttpStatusCode.OK, await PutRoutesAsync(api, _silos[k % _silos.Count], k));
            changes.Add((k, Stopwatch.GetTimestamp()));
        }

        await churn;
        var rate = operations / clock.Elapsed.TotalSeconds;
        await Task.Delay(Lease + TimeSpan.FromSeconds(1));
        await stop.CancelAsync();
        foreach (var watcher in watchers)
        {
            await watcher.Client.DisposeAsync();
            await watcher.Reader;
        }

        // Push latency of each rule change to each watcher: the first config carrying it (or a later change).
        var latencies = new List<double>();
        foreach (var (change, replied) in changes)
        {
            foreach (var watcher in watchers)
            {
                var first = watcher.Seen.FirstOrDefault(s => NumberedChanges.Of(s.Config) >= change);
                Assert.True(first.Config is not null, $"change {change} never reached a watcher");
                latencies.Add(Math.Max(0, (first.At - replied) * 1000d / Stopwatch.Frequency));
            }
        }

        // Every endpoint in every config a watcher received: if it had left, it had left less than a lease before.
        var lingering = watchers.SelectMany(w => w.Seen)
            .SelectMany(s => s.Config.Endpoints.Select(e => (s.At, e.Id)))
            .Where(e => left.TryGetValue(e.Id, out var leftAt) && (e.At - leftAt) * 1000d / Stopwatch.Frequency > Lease.TotalMilliseconds)
            .ToList();
        latencies.Sort();
        var p99 = latencies[(int)Math.Ceiling(latencies.Count * 0.99) - 1];
        output.WriteLine($"{operations} registrations and removals in {clock.Elapsed.TotalSeconds:F1} s ({rate:F0}/s, {failed} failed); " +
            $"{changes.Count} rule changes meanwhile, push p50 {latencies[latencies.Count / 2]:F0} ms, p99 {p99:F0} ms, max {latencies[^1]:F0} ms; " +
            $"configs received: {string.Join(", ", watchers.Select(w => w.Seen.Count))}");

        Assert.Equal(0, failed);
        Assert.True(rate >= 100, $"only {rate:F0} registrations and removals per second");
        Assert.True(p99 < 2000, $"rule pushes starved: p99 {p99:F0} ms (before config reads interleaved with writes it was 11.7 s)");
        Assert.Empty(lingering);
        Assert.All(watchers, w => Assert.DoesNotContain(w.Seen.Last().Config.Endpoints, e => e.Id.StartsWith("churn-", StringComparison.Ordinal)));
    }

    private static async Task ReadAsync(ProtocolClient client, ConcurrentQueue<(long, ServiceConfig)> seen, CancellationToken stop)
    {
        try
        {
            while (!stop.IsCancellationRequested)
            {
                var config = await client.NextConfigAsync(Service, TimeSpan.FromSeconds(30));
                seen.Enqueue((Stopwatch.GetTimestamp(), config));
                await client.AckAsync(config);
            }
        }
        catch (Exception e) when (e is TimeoutException or Grpc.Core.RpcException or System.Threading.Channels.ChannelClosedException or ObjectDisposedException or InvalidOperationException)
        {
            // The watcher was closed.
        }
    }

    private static async Task<HttpStatusCode> PutRoutesAsync(HttpClient api, SiloProcess silo, int change)
    {
        using var content = new StringContent($$"""{"routes":[{"name":"{{NumberedChanges.Name(change)}}","destinations":[{"subset":"v1","weight":100}]}]}""", Encoding.UTF8, "application/json");
        using var response = await api.PutAsync(new Uri(silo.ApiUrl, $"/api/v1/services/{Service}/routes"), content);
        return response.StatusCode;
    }

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
