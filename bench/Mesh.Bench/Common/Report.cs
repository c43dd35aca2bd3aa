using System.Text;

namespace Mesh.Bench.Common;

/// <summary>
/// What a benchmark prints: a title, the machine, the settings, its tables and notes. Printed to the console and
/// written to <c>artifacts/bench/{name}.md</c>, from where the latest tables are copied into BENCHMARKS.md.
/// </summary>
public sealed class Report(string name, string title)
{
    private readonly StringBuilder _text = new();

    public string Name { get; } = name;

    public void Settings(string settings) => _text.Append("Settings: ").AppendLine(settings).AppendLine();

    public void Add(Table table) => _text.Append(table).AppendLine();

    public void Note(string note) => _text.AppendLine(note).AppendLine();

    public override string ToString() => $"## {title}\n\nMachine: {Machine.Describe()}\n\n{_text}";

    /// <summary>Prints the report and saves it; returns where it went.</summary>
    public string Publish()
    {
        var text = ToString();
        Console.WriteLine();
        Console.WriteLine(text);
        var directory = Path.Combine(Mesh.Testing.RepositoryPaths.Artifacts, "bench");
        Directory.CreateDirectory(directory);
        var path = Path.Combine(directory, $"{Name}.md");
        File.WriteAllText(path, text);
        Console.WriteLine($"(saved to {path})");
        return path;
    }
}
