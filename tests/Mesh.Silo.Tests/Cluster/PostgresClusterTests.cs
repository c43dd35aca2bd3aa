using System.Diagnostics;
using System.Net;
using Mesh.Silo.Tests.Infrastructure;
using Mesh.Testing;
using Npgsql;
using Xunit.Abstractions;

namespace Mesh.Silo.Tests.Cluster;

/// <summary>Real silo processes clustered through a real PostgreSQL.</summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgresClusterTests(PostgresServer postgres, ITestOutputHelper output) : IAsyncLifetime
{
    private const string Routes = """{"routes":[{"name":"default","destinations":[{"subset":"v1","weight":99},{"subset":"v2","weight":1}]}]}""";

    private readonly List<SiloProcess> _silos = [];

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var silo in _silos)
        {
            await silo.DisposeAsync();
        }
    }

    private async Task<SiloProcess[]> StartSilosAsync(string database, string clusterId, int count)
    {
        var started = Enumerable.Range(0, count).Select(_ => SiloProcess.Start(database, clusterId)).ToArray();
        _silos.AddRange(started);
        await Task.WhenAll(started.Select(s => s.WaitHealthyAsync(TimeSpan.FromSeconds(90))));
        return started;
    }

    [Fact]
    public async Task ThreeSilos_StartingAtOnceOnAnEmptyDatabase_MigrateOnceAndAllBecomeActive()
    {
        var database = await postgres.CreateDatabaseAsync();

        var silos = await StartSilosAsync(database, "three", 3);

        var rows = await MembershipTable.ReadAsync(database, "three");
        Assert.Equal(silos.Select(s => s.SiloPort).Order(), rows.Select(r => r.Port));
        Assert.All(rows, r => Assert.Equal(MembershipTable.Active, r.Status));
        await using var connection = new NpgsqlConnection(database);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT COUNT(*) FROM mesh_schema_migrations", connection);
        Assert.Equal(4L, (long)(await command.ExecuteScalarAsync())!);
    }

    [Fact]
    public async Task RoutePolicy_WrittenThroughOneSilo_IsReadThroughTheOther_AndSurvivesRestartingEverySilo()
    {
        var database = await postgres.CreateDatabaseAsync();
        var silos = await StartSilosAsync(database, "restart", 2);

        using var put = await silos[0].Http.PutJsonAsync("/api/v1/services/svc-b/routes", Routes);
        var written = await put.ReadJsonAsync(HttpStatusCode.OK);
        var readElsewhere = await silos[1].Http.GetJsonAsync("/api/v1/services/svc-b/routes");

        Assert.Equal(ApiClient.Canonical(written), ApiClient.Canonical(readElsewhere));

        await Task.WhenAll(silos.Select(s => s.StopAsync()));
        var restarted = await StartSilosAsync(database, "restart", 2);
        var afterRestart = await restarted[1].Http.GetJsonAsync("/api/v1/services/svc-b/routes");
        var history = (await restarted[0].Http.GetJsonAsync("/api/v1/services/svc-b/routes/history")).AsArray();

        Assert.Equal(ApiClient.Canonical(written), ApiClient.Canonical(afterRestart));
        Assert.Equal(1, Assert.Single(history)!["version"]!.GetValue<long>());
        Assert.Contains("svc-b", (await restarted[0].Http.GetJsonAsync("/api/v1/services")).AsArray().Select(s => s!["name"]!.GetValue<string>()));
    }

    [Fact]
    public async Task SiloKilledWithSigkill_IsDeclaredDeadWithinSeconds_AndTheSurvivorServesItsData()
    {
        var database = await postgres.CreateDatabaseAsync();
        var silos = await StartSilosAsync(database, "kill", 2);
        (await silos[1].Http.PutJsonAsync("/api/v1/services/svc-d/routes", Routes)).Dispose();

        var clock = Stopwatch.StartNew();
        silos[1].Kill();
        while ((await MembershipTable.ReadAsync(database, "kill")).Single(r => r.Port == silos[1].SiloPort).Status != MembershipTable.Dead)
        {
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(15), "the killed silo was not declared dead within 15 s");
            await Task.Delay(100);
        }

        output.WriteLine($"killed silo declared dead after {clock.Elapsed.TotalSeconds:F1} s");
        var survivor = await silos[0].Http.GetJsonAsync("/api/v1/services/svc-d/routes");
        Assert.Equal(1, survivor["resourceVersion"]!.GetValue<long>());
    }

    [Fact]
    public async Task ChangeWrittenThroughOneSilo_IsPushedToAProxyOnTheOther_AndAReconnectKeepsTheEndpoint()
    {
        var database = await postgres.CreateDatabaseAsync();
        var silos = await StartSilosAsync(database, "fanout", 2);
        (await silos[0].Http.PutJsonAsync("/api/v1/services/svc-e/routes", Routes)).Dispose();
        var hello = ProtocolClient.Hello("svc-a-1", "svc-a", "svc-e");
        hello.InboundAddress = "http://127.0.0.1:25010";
        var proxy = await ProtocolClient.ConnectAsync(silos[1].DiscoveryUrl, hello);
        var first = await proxy.NextConfigAsync("svc-e");

        var clock = Stopwatch.StartNew();
        using var put = await silos[0].Http.PutJsonAsync("/api/v1/services/svc-e/routes",
            """{"routes":[{"name":"default","destinations":[{"subset":"v2","weight":100}]}]}""");
        await put.ReadJsonAsync(HttpStatusCode.OK);
        var replied = clock.Elapsed;
        var pushed = await proxy.NextConfigAsync("svc-e", TimeSpan.FromSeconds(2));
        output.WriteLine($"API reply after {replied.TotalMilliseconds:F1} ms, push received on the other silo's proxy after {clock.Elapsed.TotalMilliseconds:F1} ms");

        Assert.Equal(first.Version + 1, pushed.Version);
        Assert.Equal("v2", Assert.Single(pushed.Routes[0].Destinations).Subset);

        // The proxy moves to the other silo without Goodbye: its endpoint stays, with no new version.
        await proxy.DisposeAsync();
        hello.HeldVersions["svc-a"] = 0;
        await using var moved = await ProtocolClient.ConnectAsync(silos[0].DiscoveryUrl, hello);
        await moved.NextAsync("welcome");
        var service = await silos[0].Http.GetJsonAsync("/api/v1/services/svc-a");
        Assert.Equal(1, service["resourceVersion"]!.GetValue<long>());
        Assert.Equal("svc-a-1", Assert.Single(service["endpoints"]!.AsArray())!["id"]!.GetValue<string>());
        await Task.Delay(TimeSpan.FromSeconds(6));
        Assert.Single((await silos[1].Http.GetJsonAsync("/api/v1/services/svc-a"))["endpoints"]!.AsArray());
    }
}
