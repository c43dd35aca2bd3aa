using System.Data.Common;
using System.Reflection;
using Mesh.Silo.Hosting;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Mesh.Silo.Storage;

/// <summary>
/// Applies the versioned schema scripts (embedded under <c>Storage/Migrations/{Postgres,Sqlite}</c>) before the
/// silo starts. Each script runs once, in its own transaction, and is recorded in <c>mesh_schema_migrations</c>.
/// Safe when several silos start at the same moment against an empty database: PostgreSQL migrations run under a
/// session-level advisory lock, SQLite ones under the database's write lock (<c>BEGIN IMMEDIATE</c>).
/// </summary>
internal sealed partial class SchemaMigrator(MeshSiloOptions options, ILogger<SchemaMigrator> logger)
{
    /// <summary>Advisory lock key of the migration (any fixed 64-bit number unique to Mesh: "MESHSCHM").</summary>
    private const long AdvisoryLockKey = 0x4D45_5348_5343_484D;

    private const string VersionsTable = """
        CREATE TABLE IF NOT EXISTS mesh_schema_migrations (
            version INTEGER NOT NULL PRIMARY KEY,
            name TEXT NOT NULL,
            applied_at TEXT NOT NULL
        );
        """;

    public static string SqliteConnectionString(string file) =>
        new SqliteConnectionStringBuilder { DataSource = file, Pooling = true, DefaultTimeout = 30 }.ToString();

    /// <summary>The scripts of one dialect, ordered by their version prefix (<c>0001_name.sql</c>).</summary>
    public static IReadOnlyList<Migration> Scripts(string dialect)
    {
        var assembly = typeof(SchemaMigrator).Assembly;
        var prefix = $"migrations/{dialect}/";
        return assembly.GetManifestResourceNames()
            .Where(n => n.StartsWith(prefix, StringComparison.Ordinal))
            .Select(n => Migration.Load(assembly, n, n[prefix.Length..]))
            .OrderBy(m => m.Version)
            .ToList();
    }

    public async Task MigrateAsync(CancellationToken cancellationToken)
    {
        if (options.Embedded)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(options.EmbeddedDatabase)!);
            await using var connection = new SqliteConnection(SqliteConnectionString(options.EmbeddedDatabase));
            await connection.OpenAsync(cancellationToken);
            await ExecuteAsync(connection, null, "PRAGMA journal_mode=WAL;", cancellationToken);
            await ApplyAsync(connection, "Sqlite", cancellationToken);
            return;
        }

        await using var pg = new NpgsqlConnection(options.PostgresConnectionString);
        await pg.OpenAsync(cancellationToken);
        await ExecuteAsync(pg, null, $"SELECT pg_advisory_lock({AdvisoryLockKey});", cancellationToken);
        try
        {
            await ApplyAsync(pg, "Postgres", cancellationToken);
        }
        finally
        {
            await ExecuteAsync(pg, null, $"SELECT pg_advisory_unlock({AdvisoryLockKey});", CancellationToken.None);
        }
    }

    private async Task ApplyAsync(DbConnection connection, string dialect, CancellationToken cancellationToken)
    {
        await ExecuteAsync(connection, null, VersionsTable, cancellationToken);
        foreach (var migration in Scripts(dialect))
        {
            // The check and the script share one transaction; under the lock a second silo sees the row and skips.
            await using var transaction = await BeginAsync(connection, cancellationToken);
            var applied = await ScalarAsync(connection, transaction,
                $"SELECT COUNT(*) FROM mesh_schema_migrations WHERE version = {migration.Version};", cancellationToken);
            if (applied > 0)
            {
                await transaction.RollbackAsync(cancellationToken);
                continue;
            }

            await ExecuteAsync(connection, transaction, migration.Sql, cancellationToken);
            await using (var record = connection.CreateCommand())
            {
                record.Transaction = transaction;
                record.CommandText = "INSERT INTO mesh_schema_migrations (version, name, applied_at) VALUES (@version, @name, @at);";
                AddParameter(record, "@version", migration.Version);
                AddParameter(record, "@name", migration.Name);
                AddParameter(record, "@at", DateTimeOffset.UtcNow.ToString("O"));
                await record.ExecuteNonQueryAsync(cancellationToken);
            }

            await transaction.CommitAsync(cancellationToken);
            LogApplied(migration.Version, migration.Name, dialect);
        }
    }

    private static async Task<DbTransaction> BeginAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        if (connection is SqliteConnection sqlite)
        {
            // A non-deferred transaction (BEGIN IMMEDIATE) takes the write lock at once, so two processes cannot
            // both pass the check.
            return sqlite.BeginTransaction(deferred: false);
        }

        return await connection.BeginTransactionAsync(cancellationToken);
    }

    private static async Task ExecuteAsync(DbConnection connection, DbTransaction? transaction, string sql, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static async Task<long> ScalarAsync(DbConnection connection, DbTransaction transaction, string sql, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture);
    }

    private static void AddParameter(DbCommand command, string name, object value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value;
        command.Parameters.Add(parameter);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Applied schema migration {Version} ({Name}) to {Dialect}")]
    private partial void LogApplied(int version, string name, string dialect);

    /// <summary>One schema script.</summary>
    public sealed record Migration(int Version, string Name, string Sql)
    {
        public static Migration Load(Assembly assembly, string resource, string fileName)
        {
            using var stream = assembly.GetManifestResourceStream(resource)!;
            using var reader = new StreamReader(stream);
            var name = Path.GetFileNameWithoutExtension(fileName);
            return new Migration(int.Parse(name[..name.IndexOf('_', StringComparison.Ordinal)], System.Globalization.CultureInfo.InvariantCulture), name, reader.ReadToEnd());
        }
    }
}
