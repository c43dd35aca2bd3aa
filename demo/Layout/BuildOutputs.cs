namespace Mesh.Demo.Layout;

/// <summary>
/// Where the programs the demo starts were built: next to the launcher's own build output, in the same
/// configuration and target framework (<c>dotnet run --project demo</c> builds them all through project references).
/// </summary>
public sealed record BuildOutputs
{
    public required string Root { get; init; }

    public required string Silo { get; init; }

    public required string ProxyAgent { get; init; }

    public required string AdminUi { get; init; }

    public required string Frontend { get; init; }

    public required string Backend { get; init; }

    /// <summary>Every program the demo starts.</summary>
    public IEnumerable<string> Required => [Silo, ProxyAgent, AdminUi, Frontend, Backend];

    /// <summary>Finds the repository above the launcher's build output (<c>demo/bin/&lt;Configuration&gt;/&lt;tfm&gt;/</c>).</summary>
    public static BuildOutputs Locate()
    {
        var output = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var framework = output.Name;
        var configuration = output.Parent?.Name ?? "Debug";
        var root = FindRoot(output) ?? throw new InvalidOperationException(
            $"The launcher runs from the repository's build output (dotnet run --project demo); no Mesh.sln above {output.FullName}");
        string Dll(string project, string name) => Path.Combine(root, project, name, "bin", configuration, framework, name + ".dll");
        return new BuildOutputs
        {
            Root = root,
            Silo = Dll("silo", "Mesh.Silo"),
            ProxyAgent = Dll("proxy-agent", "Mesh.ProxyAgent"),
            AdminUi = Dll("admin-ui", "Mesh.AdminUi"),
            Frontend = Dll("demo", "Mesh.Demo.Frontend"),
            Backend = Dll("demo", "Mesh.Demo.Backend"),
        };
    }

    /// <summary>A path relative to the repository, for messages.</summary>
    public string Relative(string path) => Path.GetRelativePath(Root, path);

    private static string? FindRoot(DirectoryInfo? dir)
    {
        for (; dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Mesh.sln")))
            {
                return dir.FullName;
            }
        }

        return null;
    }
}
