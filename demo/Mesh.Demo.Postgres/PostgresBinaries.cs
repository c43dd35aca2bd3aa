namespace Mesh.Demo.Postgres;

/// <summary>Finds the PostgreSQL server binaries (<c>initdb</c>, <c>pg_ctl</c>) installed on this machine.</summary>
public static class PostgresBinaries
{
    /// <summary>Names a directory holding <c>initdb</c> and <c>pg_ctl</c>, searched before the system's.</summary>
    public const string Variable = "MESH_PG_BIN";

    private const string SystemRoot = "/usr/lib/postgresql";

    /// <summary>Where they were looked for, for messages when none are found.</summary>
    public static string SearchedPlaces => $"${Variable} and {SystemRoot}/*/bin";

    /// <summary>The directory of the binaries, newest major version first, or null when there are none.</summary>
    public static string? Find()
    {
        var candidates = new List<string>();
        if (Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } configured)
        {
            candidates.Add(configured);
        }

        if (Directory.Exists(SystemRoot))
        {
            candidates.AddRange(Directory.GetDirectories(SystemRoot)
                .OrderByDescending(d => int.TryParse(Path.GetFileName(d), out var major) ? major : 0)
                .Select(d => Path.Combine(d, "bin")));
        }

        return candidates.FirstOrDefault(d => File.Exists(Path.Combine(d, "initdb")) && File.Exists(Path.Combine(d, "pg_ctl")));
    }

    /// <summary>The major version of the binaries in <paramref name="binDirectory"/> (its parent's name), if it is one.</summary>
    public static string? MajorVersion(string binDirectory) =>
        Path.GetFileName(Path.GetDirectoryName(Path.GetFullPath(binDirectory).TrimEnd('/'))) is { } name && int.TryParse(name, out _) ? name : null;
}
