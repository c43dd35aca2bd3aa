using Mesh.Silo.Hosting;
using Mesh.Silo.Storage;
using Mesh.Silo.Tests.Infrastructure;
using Mesh.Testing;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace Mesh.Silo.Tests.Storage;

[Collection(PostgresCollection.Name)]
public sealed class SchemaMigratorTests(PostgresServer postgres)
{
    /// <summary>Query keys the 10.4 clustering, persistence and reminder providers read at start-up.</summary>
    private static readonly string[] RequiredKeys =
    [
        "InsertMembershipVersionKey", "InsertMembershipKey", "UpdateMembershipKey", "UpdateIAmAlivetimeKey",
        "MembershipReadRowKey", "MembershipReadAllKey", "DeleteMembershipTableEntriesKey", "GatewaysQueryKey",
        "CleanupDefunctSiloEntriesKey", "WriteToStorageKey", "ReadFromStorageKey", "ClearStorageKey",
        "UpsertReminderRowKey", "ReadReminderRowsKey", "ReadReminderRowKey", "ReadRangeRows1Key", "ReadRangeRows2Key",
        "DeleteReminderRowKey", "DeleteReminderRowsKey",
    ];

    private static SchemaMigrator Migrator(MeshSiloOptions options) => new(options, NullLogger<SchemaMigrator>.Instance);

    [Fact]
    public async Task MigrateAsync_RunTwice_AppliesEachScriptOnce()
    {
        var database = await postgres.CreateDatabaseAsync();
        var migrator = Migrator(new MeshSiloOptions { PostgresConnectionString = database });

        await migrator.MigrateAsync(CancellationToken.None);
        await migrator.MigrateAsync(CancellationToken.None);

        Assert.Equal([1, 2, 3, 4], await VersionsAsync(database));
        var keys = await QueryKeysAsync(database);
        Assert.All(RequiredKeys, k => Assert.Contains(k, keys));
    }

    [Fact]
    public async Task MigrateAsync_ManyAtOnceOnAnEmptyDatabase_AllSucceedAndApplyEachScriptOnce()
    {
        var database = await postgres.CreateDatabaseAsync();

        await Task.WhenAll(Enumerable.Range(0, 5).Select(_ =>
            Task.Run(() => Migrator(new MeshSiloOptions { PostgresConnectionString = database }).MigrateAsync(CancellationToken.None))));

        Assert.Equal([1, 2, 3, 4], await VersionsAsync(database));
    }

    [Fact]
    public async Task MigrateAsync_Sqlite_RunTwiceAndConcurrently_AppliesEachScriptOnce()
    {
        var dir = Directory.CreateTempSubdirectory("mesh-sqlite-").FullName;
        try
        {
            var options = new MeshSiloOptions { EmbeddedDatabase = Path.Combine(dir, "nested", "mesh.db") };

            await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => Task.Run(() => Migrator(options).MigrateAsync(CancellationToken.None))));
            await Migrator(options).MigrateAsync(CancellationToken.None);

            await using var connection = new SqliteConnection(SchemaMigrator.SqliteConnectionString(options.EmbeddedDatabase));
            await connection.OpenAsync();
            await using var command = new SqliteCommand("SELECT version FROM mesh_schema_migrations ORDER BY version", connection);
            var versions = new List<long>();
            await using (var reader = await command.ExecuteReaderAsync())
            {
                while (await reader.ReadAsync())
                {
                    versions.Add(reader.GetInt64(0));
                }
            }

            Assert.Equal([1L, 2L], versions);
            SqliteConnection.ClearAllPools();
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    private static async Task<List<int>> VersionsAsync(string database)
    {
        await using var connection = new NpgsqlConnection(database);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT version FROM mesh_schema_migrations ORDER BY version", connection);
        var versions = new List<int>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            versions.Add(reader.GetInt32(0));
        }

        return versions;
    }

    private static async Task<HashSet<string>> QueryKeysAsync(string database)
    {
        await using var connection = new NpgsqlConnection(database);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT QueryKey FROM OrleansQuery", connection);
        var keys = new HashSet<string>(StringComparer.Ordinal);
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            keys.Add(reader.GetString(0));
        }

        return keys;
    }
}
