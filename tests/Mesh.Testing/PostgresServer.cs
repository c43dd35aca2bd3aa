using Npgsql;

namespace Mesh.Testing;

/// <summary>
/// A PostgreSQL server for the tests: the one named by <c>MESH_TEST_POSTGRES</c> (an admin connection string), or
/// else a throwaway server started from the machine's binaries on a free loopback port and removed afterwards.
/// Each test gets a database of its own.
/// </summary>
public sealed class PostgresServer : IAsyncLifetime
{
    private const string ServiceUser = "postgres";

    private string? _dataDir;
    private string? _binDir;
    private NpgsqlConnectionStringBuilder _admin = new();

    public async Task InitializeAsync()
    {
        if (Environment.GetEnvironmentVariable("MESH_TEST_POSTGRES") is { Length: > 0 } external)
        {
            _admin = new NpgsqlConnectionStringBuilder(external);
            return;
        }

        _binDir = FindBinaries();
        _dataDir = Directory.CreateTempSubdirectory("mesh-pg-").FullName;
        if (ProcessRunner.IsRoot)
        {
            // PostgreSQL refuses to run as root: the data directory belongs to the postgres user.
            await ProcessRunner.RunAsync("chown", [$"{ServiceUser}:{ServiceUser}", _dataDir]);
        }

        var port = FreePort.Next();
        var data = Path.Combine(_dataDir, "data");
        await ProcessRunner.RunAsync(Path.Combine(_binDir, "initdb"),
            ["-D", data, "-A", "trust", "-U", ServiceUser, "--no-sync", "-E", "UTF8", "--locale=C"], ServiceUser, TimeSpan.FromSeconds(120));
        await ProcessRunner.RunAsync(Path.Combine(_binDir, "pg_ctl"),
            ["-D", data, "-l", Path.Combine(_dataDir, "server.log"), "-w", "-t", "60", "start", "-o",
             $"-p {port} -k {_dataDir} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=300"],
            ServiceUser, TimeSpan.FromSeconds(90));
        _admin = new NpgsqlConnectionStringBuilder
        {
            Host = "127.0.0.1",
            Port = port,
            Username = ServiceUser,
            Database = "postgres",
            Pooling = false,
        };
    }

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
        if (_dataDir is null || _binDir is null)
        {
            return;
        }

        try
        {
            await ProcessRunner.RunAsync(Path.Combine(_binDir, "pg_ctl"),
                ["-D", Path.Combine(_dataDir, "data"), "-m", "immediate", "-w", "stop"], ServiceUser, TimeSpan.FromSeconds(30));
        }
        finally
        {
            Directory.Delete(_dataDir, recursive: true);
        }
    }

    private static string FindBinaries()
    {
        var candidates = new List<string>();
        if (Environment.GetEnvironmentVariable("MESH_PG_BIN") is { Length: > 0 } configured)
        {
            candidates.Add(configured);
        }

        if (Directory.Exists("/usr/lib/postgresql"))
        {
            candidates.AddRange(Directory.GetDirectories("/usr/lib/postgresql")
                .OrderByDescending(d => int.TryParse(Path.GetFileName(d), out var v) ? v : 0)
                .Select(d => Path.Combine(d, "bin")));
        }

        return candidates.FirstOrDefault(d => File.Exists(Path.Combine(d, "initdb")) && File.Exists(Path.Combine(d, "pg_ctl")))
            ?? throw new InvalidOperationException(
                "No PostgreSQL server binaries found (looked in $MESH_PG_BIN and /usr/lib/postgresql/*/bin). " +
                "Install them (apt-get install -y postgresql) or set MESH_TEST_POSTGRES to an admin connection string.");
    }
}
