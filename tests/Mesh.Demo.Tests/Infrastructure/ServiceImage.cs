using System.Globalization;
using System.Text.RegularExpressions;

namespace Mesh.Demo.Tests.Infrastructure;

/// <summary>
/// A compose service built from this repository, seen whole: its Dockerfile, the project it publishes, what its
/// entrypoint runs and the settings the entrypoint script exports when the service does not set them.
/// </summary>
public sealed partial record ServiceImage
{
    /// <summary>Settings whose URL the program binds (as opposed to URLs it calls).</summary>
    public static IReadOnlyList<string> ListenerKeys { get; } =
        ["ASPNETCORE_URLS", "Mesh__ApiUrl", "Mesh__DiscoveryUrl", "Mesh__InboundUrl", "Mesh__OutboundUrl", "Mesh__AdminUrl"];

    public required ComposeService Service { get; init; }

    public required string Context { get; init; }

    public required string DockerfilePath { get; init; }

    public required DockerfileInfo Dockerfile { get; init; }

    public required DotnetProject Project { get; init; }

    /// <summary>The entrypoint script in the build context, when the entrypoint is one.</summary>
    public string? EntrypointScript { get; init; }

    /// <summary>The assembly the container runs (<c>dotnet /app/X.dll</c>).</summary>
    public required string Dll { get; init; }

    /// <summary>Settings the entrypoint script exports unless the service sets them (<c>$ip</c> is the container's IP).</summary>
    public required IReadOnlyDictionary<string, string> ScriptDefaults { get; init; }

    /// <summary>What the program sees: the service's environment over the script's defaults.</summary>
    public IReadOnlyDictionary<string, string> Environment =>
        ScriptDefaults.Concat(Service.Environment).GroupBy(e => e.Key).ToDictionary(g => g.Key, g => g.Last().Value, StringComparer.Ordinal);

    /// <summary>The ports the program listens on, from its listener settings.</summary>
    public IEnumerable<int> ListenPorts => ListenerKeys.Where(Environment.ContainsKey).Select(k => Port(Environment[k]));

    public static ServiceImage Load(ComposeFile compose, ComposeService service)
    {
        ArgumentNullException.ThrowIfNull(compose);
        ArgumentNullException.ThrowIfNull(service);
        var context = Path.GetFullPath(Path.Combine(compose.Directory, service.BuildContext ?? throw new InvalidOperationException($"{service.Name} has no build")));
        var dockerfilePath = Path.Combine(context, service.Dockerfile!);
        var dockerfile = DockerfileInfo.Parse(dockerfilePath);
        var project = DotnetProject.Load(Path.Combine(context, dockerfile.Published.Single()));
        string? script = null;
        var defaults = new Dictionary<string, string>(StringComparer.Ordinal);
        string dll;
        if (dockerfile.Entrypoint is [var first, ..] && first.EndsWith(".sh", StringComparison.Ordinal))
        {
            var source = dockerfile.Copies.Where(c => c.From is null).SelectMany(c => c.Sources).Single(s => Path.GetFileName(s) == Path.GetFileName(first));
            script = Path.Combine(context, source);
            var text = File.ReadAllText(script);
            dll = ScriptExec().Match(text).Groups["dll"].Value;
            foreach (Match export in ScriptExport().Matches(text))
            {
                defaults[export.Groups["key"].Value] = export.Groups["value"].Value;
            }
        }
        else
        {
            dll = dockerfile.Entrypoint is ["dotnet", var assembly, ..] ? assembly : "";
        }

        return new ServiceImage
        {
            Service = service,
            Context = context,
            DockerfilePath = dockerfilePath,
            Dockerfile = dockerfile,
            Project = project,
            EntrypointScript = script,
            Dll = dll,
            ScriptDefaults = defaults,
        };
    }

    /// <summary>The port of <c>http://host:port</c> (hosts such as <c>+</c> or <c>$ip</c> included).</summary>
    public static int Port(string url) => int.Parse(UrlPort().Match(url).Groups["port"].Value, CultureInfo.InvariantCulture);

    /// <summary>The host of <c>http://host:port</c>.</summary>
    public static string Host(string url) => UrlPort().Match(url).Groups["host"].Value;

    [GeneratedRegex(@"exec dotnet (?<dll>\S+\.dll)")]
    private static partial Regex ScriptExec();

    [GeneratedRegex(@"export (?<key>\w+)=""\$\{\k<key>:-(?<value>[^}]*)\}""")]
    private static partial Regex ScriptExport();

    [GeneratedRegex(@"^https?://(?<host>[^/:]+):(?<port>\d+)")]
    private static partial Regex UrlPort();
}
