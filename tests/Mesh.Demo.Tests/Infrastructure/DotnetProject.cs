using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace Mesh.Demo.Tests.Infrastructure;

/// <summary>A project as the build sees it: assembly name, project references (transitively) and the setting keys its code reads.</summary>
public sealed partial record DotnetProject
{
    public required string Path { get; init; }

    public required string AssemblyName { get; init; }

    /// <summary>Every project it references, directly or not.</summary>
    public required IReadOnlyList<string> References { get; init; }

    public string Directory => System.IO.Path.GetDirectoryName(Path)!;

    public static DotnetProject Load(string path)
    {
        var full = System.IO.Path.GetFullPath(path);
        var xml = XDocument.Load(full);
        var name = xml.Descendants("AssemblyName").FirstOrDefault()?.Value ?? System.IO.Path.GetFileNameWithoutExtension(full);
        var references = new List<string>();
        Collect(full, references);
        return new DotnetProject { Path = full, AssemblyName = name, References = references };
    }

    /// <summary>
    /// Whether the program's code (this project's and its references' C# files) reads configuration key
    /// <paramref name="key"/> (<c>Mesh:Service</c>): the key appears as a string literal, or for
    /// <c>ConnectionStrings:NAME</c> as <c>GetConnectionString("NAME")</c>.
    /// </summary>
    public bool Reads(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        var literals = key.StartsWith("ConnectionStrings:", StringComparison.Ordinal)
            ? new[] { $"\"{key}\"", $"GetConnectionString(\"{key["ConnectionStrings:".Length..]}\")" }
            : [$"\"{key}\""];
        return Sources().Any(file => literals.Any(l => File.ReadAllText(file).Contains(l, StringComparison.Ordinal)));
    }

    private IEnumerable<string> Sources() => References.Prepend(Path)
        .Select(System.IO.Path.GetDirectoryName)
        .SelectMany(dir => System.IO.Directory.EnumerateFiles(dir!, "*.cs", SearchOption.AllDirectories))
        .Where(f => !BuildOutput().IsMatch(f));

    private static void Collect(string project, List<string> into)
    {
        foreach (var reference in XDocument.Load(project).Descendants("ProjectReference").Select(r => r.Attribute("Include")!.Value))
        {
            var full = System.IO.Path.GetFullPath(System.IO.Path.Combine(System.IO.Path.GetDirectoryName(project)!, reference.Replace('\\', '/')));
            if (!into.Contains(full))
            {
                into.Add(full);
                Collect(full, into);
            }
        }
    }

    [GeneratedRegex(@"/(bin|obj)/")]
    private static partial Regex BuildOutput();
}
