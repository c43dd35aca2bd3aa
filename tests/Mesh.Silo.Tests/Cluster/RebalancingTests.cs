using System.Diagnostics;
using Grpc.Core;
using Mesh.Protos.Discovery.V1;
using Mesh.Silo.Tests.Infrastructure;
using Mesh.Testing;

namespace Mesh.Silo.Tests.Cluster;

/// <summary>The rebalancing contract of the proxy API, seen by proxies that speak it by hand.</summary>
[Collection(PostgresCollection.Name)]
public sealed class RebalancingTests(PostgresServer postgres) : IAsyncLifetime
{
    private static readonly Dictionary<string, string?> QuickRebalance = new()
    {
        ["Mesh:Rebalance:Period"] = "00:00:00.500",
        // Longer than connecting all eight takes: no plan made from a partial count can pick a session.
        ["Mesh:Rebalance:MinSessionAge"] = "00:00:01",
        ["Mesh:Rebalance:MinExcess"] = "1",
        ["Mesh:Rebalance:MoveGrace"] = "00:00:02",
    };

    private readonly List<SiloProcess> _silos = [];
    private readonly List<ProtocolClient> _clients = [];

    public Task InitializeAsync() => Task.CompletedTask;

    [Fact]
    public async Task AllSessionsOnOneSilo_HalfAreToldToMoveToTheOther_AndOnesThatIgnoreItAreEnded()
    {
        var database = await postgres.CreateDatabaseAsync();
        var busy = Start(database);
        var idle = Start(database);
        await Task.WhenAll(busy.WaitHealthyAsync(TimeSpan.FromSeconds(90)), idle.WaitHealthyAsync(TimeSpan.FromSeconds(90)));
        _clients.AddRange(await Task.WhenAll(Enumerable.Range(0, 8).Select(i =>
            ProtocolClient.ConnectAsync(busy.DiscoveryUrl, ProtocolClient.Hello($"rebalance-{i}", "rebalance-caller", "svc-b")))));
        foreach (var client in _clients)
        {
            Assert.Equal(ControlMessage.KindOneofCase.Welcome, (await client.NextAsync("welcome")).KindCase);
        }

        // Fair share 4: four of the eight are told to move to the idle silo, naming why.
        var told = new List<(ProtocolClient Client, Move Move)>();
        var clock = Stopwatch.StartNew();
        while (told.Count < 4 && clock.Elapsed < TimeSpan.FromSeconds(30))
        {
            foreach (var client in _clients.Except(told.Select(t => t.Client)))
            {
                if (await client.TryNextAsync(TimeSpan.FromMilliseconds(100)) is { KindCase: ControlMessage.KindOneofCase.Move } message)
                {
                    told.Add((client, message.Move));
                }
            }
        }

        Assert.Equal(4, told.Count);
        Assert.All(told, t => Assert.Equal(idle.DiscoveryUrl, new Uri(t.Move.ControlPlaneUrl)));
        Assert.All(told, t => Assert.Contains("fair share", t.Move.Reason, StringComparison.Ordinal));

        // They ignore it: the silo ends their sessions once the grace is over (and they connect to the other silo then).
        foreach (var (client, move) in told)
        {
            var ended = await Assert.ThrowsAsync<RpcException>(async () =>
            {
                while (true)
                {
                    await client.NextAsync("the end of the session", TimeSpan.FromSeconds(10));
                }
            });
            Assert.Equal(StatusCode.Unavailable, ended.StatusCode);
            Assert.Contains("move", ended.Status.Detail, StringComparison.Ordinal);
            var moved = await ProtocolClient.ConnectAsync(new Uri(move.ControlPlaneUrl), ProtocolClient.Hello($"rebalance-moved-{_clients.Count}", "rebalance-caller", "svc-b"));
            _clients.Add(moved);
        }

        // Four and four: balanced, so the sessions that stayed are left alone (several periods of the balancer).
        var stayed = _clients.Take(8).Except(told.Select(t => t.Client)).ToList();
        for (clock.Restart(); clock.Elapsed < TimeSpan.FromSeconds(3);)
        {
            foreach (var client in stayed)
            {
                var message = await client.TryNextAsync(TimeSpan.FromMilliseconds(50));
                Assert.True(message?.KindCase != ControlMessage.KindOneofCase.Move, "a silo holding its fair share told a proxy to move");
            }
        }
    }

    private SiloProcess Start(string database)
    {
        var silo = SiloProcess.Start(database, "rebalance", extra: QuickRebalance);
        _silos.Add(silo);
        return silo;
    }

    public async Task DisposeAsync()
    {
        foreach (var client in _clients)
        {
            await client.DisposeAsync();
        }

        foreach (var silo in _silos)
        {
            await silo.DisposeAsync();
        }
    }
}
