namespace Mesh.Demo.Run;

/// <summary>
/// The run's temporary directory: children's logs, the throwaway PostgreSQL, the embedded silo's database and the
/// process table. Deleted when the demo stops (all but the logs when start-up failed, so they can be read).
/// </summary>
public sealed class RunDirectory
{
    private RunDirectory(string path)
    {
        Path = path;
        Logs = System.IO.Path.Combine(path, "logs");
        Directory.CreateDirectory(Logs);
    }

    public string Path { get; }

    public string Logs { get; }

    /// <summary>A directory for the throwaway PostgreSQL server (created by it).</summary>
    public string Postgres => System.IO.Path.Combine(Path, "postgres");

    public string EmbeddedDatabase => System.IO.Path.Combine(Path, "mesh-embedded.db");

    /// <summary>Who runs with which PID, address and log.</summary>
    public string ProcessTable => System.IO.Path.Combine(Path, "processes.txt");

    public static RunDirectory Create()
    {
        var directory = Directory.CreateTempSubdirectory("mesh-demo-");

        // The throwaway PostgreSQL runs as the postgres user, who must be able to pass through (not list) this directory.
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(directory.FullName, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
                | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute);
        }

        return new RunDirectory(directory.FullName);
    }

    public string Log(string name) => System.IO.Path.Combine(Logs, name + ".log");

    /// <summary>Deletes the directory, or everything in it but the logs when <paramref name="keepLogs"/>.</summary>
    public void Delete(bool keepLogs)
    {
        if (!keepLogs)
        {
            Directory.Delete(Path, recursive: true);
            return;
        }

        foreach (var entry in new DirectoryInfo(Path).EnumerateFileSystemInfos().Where(e => e.FullName != Logs))
        {
            if (entry is DirectoryInfo directory)
            {
                directory.Delete(recursive: true);
            }
            else
            {
                entry.Delete();
            }
        }
    }
}
