using System.Globalization;
using Mesh.Demo.Processes;
using Npgsql;

namespace Mesh.Demo.Postgres;

/// <summary>
/// A private PostgreSQL server started from the machine's binaries in a directory of its own, on a free loopback
/// port, with durability off (its data is thrown away): <see cref="DisposeAsync"/> stops it and deletes the
/// directory. PostgreSQL refuses to run as root, so as root the directory is given to the <c>postgres</c> user
/// and the server runs as that user; the caller makes sure that user can reach the directory.
/// </summary>
public sealed class LocalPostgres : IAsyncDisposable
{
    /// <summary>The account the server runs as when we are root, and its superuser's name.</summary>
    public const string ServiceUser = "postgres";

    private static readonly TimeSpan InitTimeout = TimeSpan.FromSeconds(120);
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(90);
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(30);

    private readonly string _binDirectory;
    private int _disposed;

    private LocalPostgres(string binDirectory, string directory, int port, int pid)
    {
        _binDirectory = binDirectory;
        Directory = directory;
        Port = port;
        Pid = pid;
    }

    /// <summary>The server's own directory: <c>data/</c>, <c>server.log</c> and the Unix socket.</summary>
    public string Directory { get; }

    public int Port { get; }

    /// <summary>The postmaster's process id (a new one after <see cref="StartAgainAsync"/>).</summary>
    public int Pid { get; private set; }

    public string LogFile => Path.Combine(Directory, "server.log");

    private string DataDirectory => Path.Combine(Directory, "data");

    /// <summary>
    /// Creates <paramref name="directory"/> (it must not hold a server already), initialises a cluster in it and
    /// starts the server. On failure nothing is left running and the directory is removed.
    /// </summary>
    public static async Task<LocalPostgres> StartAsync(string binDirectory, string directory, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(binDirectory);
        ArgumentException.ThrowIfNullOrEmpty(directory);
        System.IO.Directory.CreateDirectory(directory);
        var data = Path.Combine(directory, "data");
        var started = false;
        try
        {
            if (ShortCommand.IsRoot)
            {
                await ShortCommand.RunAsync("chown", [$"{ServiceUser}:{ServiceUser}", directory], null, StopTimeout, cancellationToken);
            }

            await ShortCommand.RunAsync(Path.Combine(binDirectory, "initdb"),
                ["-D", data, "-A", "trust", "-U", ServiceUser, "--no-sync", "-E", "UTF8", "--locale=C"], ServiceUser, InitTimeout, cancellationToken);
            var port = FreeLoopbackPort();
            started = true;
            await StartServerAsync(binDirectory, directory, port, cancellationToken);
            return new LocalPostgres(binDirectory, directory, port, await ReadPostmasterPidAsync(data, cancellationToken));
        }
        catch
        {
            await StopAndDeleteAsync(binDirectory, directory, started);
            throw;
        }
    }

    /// <summary>Shuts the server down (fast mode: sessions are cut, as in an outage); the data stays for <see cref="StartAgainAsync"/>.</summary>
    public async Task StopAsync(CancellationToken cancellationToken = default) =>
        await ShortCommand.RunAsync(Path.Combine(_binDirectory, "pg_ctl"), ["-D", DataDirectory, "-m", "fast", "-w", "stop"], ServiceUser, StopTimeout, cancellationToken);

    /// <summary>Starts the stopped server again on the same port with the same data.</summary>
    public async Task StartAgainAsync(CancellationToken cancellationToken = default)
    {
        await StartServerAsync(_binDirectory, Directory, Port, cancellationToken);
        Pid = await ReadPostmasterPidAsync(DataDirectory, cancellationToken);
    }

    /// <summary>A connection string of the superuser to <paramref name="database"/>, over TCP on loopback.</summary>
    public string ConnectionString(string database = "postgres") => new NpgsqlConnectionStringBuilder
    {
        Host = "127.0.0.1",
        Port = Port,
        Username = ServiceUser,
        Database = database,
    }.ConnectionString;

    /// <summary>Creates an empty database and returns a connection string to it.</summary>
    public async Task<string> CreateDatabaseAsync(string name, CancellationToken cancellationToken = default)
    {
        var admin = new NpgsqlConnectionStringBuilder(ConnectionString()) { Pooling = false };
        await using var connection = new NpgsqlConnection(admin.ConnectionString);
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand($"CREATE DATABASE \"{name.Replace("\"", "\"\"", StringComparison.Ordinal)}\"", connection);
        await command.ExecuteNonQueryAsync(cancellationToken);
        return ConnectionString(name);
    }

    /// <summary>Stops the server at once (its data is not worth a checkpoint) and deletes its directory.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            await StopAndDeleteAsync(_binDirectory, Directory, started: true);
        }
    }

    private static async Task StopAndDeleteAsync(string binDirectory, string directory, bool started)
    {
        try
        {
            if (started && File.Exists(Path.Combine(directory, "data", "postmaster.pid")))
            {
                await ShortCommand.RunAsync(Path.Combine(binDirectory, "pg_ctl"),
                    ["-D", Path.Combine(directory, "data"), "-m", "immediate", "-w", "stop"], ServiceUser, StopTimeout, CancellationToken.None);
            }
        }
        finally
        {
            if (System.IO.Directory.Exists(directory))
            {
                System.IO.Directory.Delete(directory, recursive: true);
            }
        }
    }

    private static async Task StartServerAsync(string binDirectory, string directory, int port, CancellationToken cancellationToken) =>
        await ShortCommand.RunAsync(Path.Combine(binDirectory, "pg_ctl"),
            ["-D", Path.Combine(directory, "data"), "-l", Path.Combine(directory, "server.log"), "-w", "-t", "60", "start", "-o",
             $"-p {port.ToString(CultureInfo.InvariantCulture)} -k {directory} -c listen_addresses=127.0.0.1 " +
             "-c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=300"],
            ServiceUser, StartTimeout, cancellationToken);

    /// <summary>The first line of <c>postmaster.pid</c> is the server's process id.</summary>
    private static async Task<int> ReadPostmasterPidAsync(string data, CancellationToken cancellationToken)
    {
        var lines = await File.ReadAllLinesAsync(Path.Combine(data, "postmaster.pid"), cancellationToken);
        return int.Parse(lines[0], NumberStyles.None, CultureInfo.InvariantCulture);
    }

    private static int FreeLoopbackPort() => FreePort.Next();
}
