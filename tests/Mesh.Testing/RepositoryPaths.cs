namespace Mesh.Testing;

/// <summary>Where the built programs under test are.</summary>
public static class RepositoryPaths
{
    /// <summary>The directory holding <c>Mesh.sln</c>.</summary>
    public static string Root { get; } = FindRoot();

    /// <summary>The build configuration the tests were built with (the silo is built with the same one).</summary>
    public static string Configuration { get; } = new DirectoryInfo(AppContext.BaseDirectory).Parent!.Name;

    /// <summary>The silo's own build output, run as operators run it: <c>dotnet Mesh.Silo.dll</c>.</summary>
    public static string SiloDll { get; } = Path.Combine(Root, "silo", "Mesh.Silo", "bin", Configuration, "net10.0", "Mesh.Silo.dll");

    /// <summary>The proxy agent's own build output.</summary>
    public static string ProxyAgentDll { get; } = Path.Combine(Root, "proxy-agent", "Mesh.ProxyAgent", "bin", Configuration, "net10.0", "Mesh.ProxyAgent.dll");

    /// <summary>The admin UI's own build output.</summary>
    public static string AdminUiDll { get; } = Path.Combine(Root, "admin-ui", "Mesh.AdminUi", "bin", Configuration, "net10.0", "Mesh.AdminUi.dll");

    /// <summary>Where tests leave artifacts for people to look at (screenshots); ignored by git.</summary>
    public static string Artifacts { get; } = Path.Combine(Root, "artifacts");

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Mesh.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"Mesh.sln not found above {AppContext.BaseDirectory}");
    }
}
