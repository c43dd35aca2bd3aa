using Mesh.Demo.Postgres;
using Npgsql;

namespace Mesh.Testing;

/// <summary>
/// A PostgreSQL server for the tests: the one named by <c>MESH_TEST_POSTGRES</c> (an admin connection string), or
/// else a throwaway server started from the machine's binaries on a free loopback port and removed afterwards
/// (the demo's <see cref="LocalPostgres"/>, so the tests and the demo share one way of doing it).
/// Each test gets a database of its own.
/// </summary>
public sealed class PostgresServer : IAsyncLifetime
{
    private LocalPostgres? _local;
    private NpgsqlConnectionStringBuilder _admin = new();

    public async Task InitializeAsync()
    {
        if (Environment.GetEnvironmentVariable("MESH_TEST_POSTGRES") is { Length: > 0 } external)
        {
            _admin = new NpgsqlConnectionStringBuilder(external);
            return;
        }

        ExclusiveTestRun.Enter();
        var binaries = PostgresBinaries.Find() ?? throw new InvalidOperationException(
            $"No PostgreSQL server binaries found (looked in {PostgresBinaries.SearchedPlaces}). " +
            "Install them (apt-get install -y postgresql) or set MESH_TEST_POSTGRES to an admin connection string.");
        _local = await LocalPostgres.StartAsync(binaries, Directory.CreateTempSubdirectory("mesh-pg-").FullName);
        _admin = new NpgsqlConnectionStringBuilder(_local.ConnectionString()) { Pooling = false };
    }

    /// <summary>Shuts the server down, as in an outage (only a server these tests started).</summary>
    public Task StopAsync() => Local.StopAsync();

    /// <summary>Starts it again on the same port with the same data.</summary>
    public Task StartAgainAsync() => Local.StartAgainAsync();

    private LocalPostgres Local => _local ?? throw new InvalidOperationException("an outage needs a server the tests started (MESH_TEST_POSTGRES is set)");

    /// <summary>Creates an empty database and returns a connection string to it.</summary>
    public async Task<string> CreateDatabaseAsync()
    {
        var name = $"mesh_{Guid.NewGuid():N}";
        await using (var connection = new NpgsqlConnection(_admin.ConnectionString))
        {
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand($"CREATE DATABASE {name}", connection);
            await command.ExecuteNonQueryAsync();
        }

        return new NpgsqlConnectionStringBuilder(_admin.ConnectionString) { Database = name, Pooling = true }.ConnectionString;
    }

    public async Task DisposeAsync()
    {
        if (_local is not null)
        {
            await _local.DisposeAsync();
        }
    }
}
