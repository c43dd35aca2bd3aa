using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Mesh.Demo.Tests.Infrastructure;

/// <summary>The parts of a Dockerfile these tests check: stages, COPYs, dotnet restore/publish, user, ports, entrypoint.</summary>
public sealed partial record DockerfileInfo
{
    /// <summary>The image of each <c>FROM</c>, in order.</summary>
    public required IReadOnlyList<string> Stages { get; init; }

    public required IReadOnlyList<CopyInstruction> Copies { get; init; }

    /// <summary>Paths given to <c>dotnet restore</c> and <c>dotnet publish</c>.</summary>
    public required IReadOnlyList<string> Restored { get; init; }

    public required IReadOnlyList<string> Published { get; init; }

    /// <summary>The <c>USER</c> of the last stage, if any.</summary>
    public string? FinalUser { get; init; }

    public required IReadOnlyList<int> Exposed { get; init; }

    public required IReadOnlyList<string> Entrypoint { get; init; }

    /// <summary><c>ENV</c> and <c>ARG</c> lines, where a secret must never be.</summary>
    public required IReadOnlyList<string> EnvironmentLines { get; init; }

    public static DockerfileInfo Parse(string path)
    {
        var instructions = Instructions(File.ReadAllLines(path)).ToList();
        var stages = new List<string>();
        var copies = new List<CopyInstruction>();
        var (restored, published, exposed, entrypoint, environment) = (new List<string>(), new List<string>(), new List<int>(), new List<string>(), new List<string>());
        string? user = null;
        foreach (var (keyword, arguments) in instructions)
        {
            switch (keyword)
            {
                case "FROM":
                    stages.Add(arguments.Split(' ', StringSplitOptions.RemoveEmptyEntries)[0]);
                    user = null;
                    break;
                case "COPY":
                    var words = arguments.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                    var from = words.FirstOrDefault(w => w.StartsWith("--from=", StringComparison.Ordinal))?["--from=".Length..];
                    var paths = words.Where(w => !w.StartsWith("--", StringComparison.Ordinal)).ToList();
                    copies.Add(new CopyInstruction(paths[..^1], paths[^1], from, stages.Count - 1));
                    break;
                case "RUN":
                    foreach (Match m in DotnetCommand().Matches(arguments))
                    {
                        (m.Groups["verb"].Value == "restore" ? restored : published).Add(m.Groups["path"].Value);
                    }

                    break;
                case "USER":
                    user = arguments;
                    break;
                case "EXPOSE":
                    exposed.AddRange(arguments.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(p => int.Parse(p.Split('/')[0], CultureInfo.InvariantCulture)));
                    break;
                case "ENTRYPOINT":
                    entrypoint = JsonSerializer.Deserialize<List<string>>(arguments) ?? [];
                    break;
                case "ENV" or "ARG":
                    environment.Add(arguments);
                    break;
            }
        }

        return new DockerfileInfo
        {
            Stages = stages,
            Copies = copies,
            Restored = restored,
            Published = published,
            FinalUser = user,
            Exposed = exposed,
            Entrypoint = entrypoint,
            EnvironmentLines = environment,
        };
    }

    /// <summary>Instructions with line continuations joined and comments dropped.</summary>
    private static IEnumerable<(string Keyword, string Arguments)> Instructions(IEnumerable<string> lines)
    {
        var current = "";
        foreach (var raw in lines)
        {
            var line = raw.Trim();
            if (line.StartsWith('#') || line.Length == 0)
            {
                continue;
            }

            if (line.EndsWith('\\'))
            {
                current += line[..^1] + " ";
                continue;
            }

            current += line;
            var space = current.IndexOf(' ', StringComparison.Ordinal);
            yield return (current[..space].ToUpperInvariant(), current[(space + 1)..].Trim());
            current = "";
        }
    }

    [GeneratedRegex(@"dotnet (?<verb>restore|publish) (?<path>\S+)")]
    private static partial Regex DotnetCommand();
}

/// <summary>A <c>COPY</c>: sources (in the build context, or in stage <see cref="From"/>) to a destination.</summary>
public sealed record CopyInstruction(IReadOnlyList<string> Sources, string Destination, string? From, int Stage);
