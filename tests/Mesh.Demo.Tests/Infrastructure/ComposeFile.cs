using System.Globalization;
using System.Text.RegularExpressions;
using YamlDotNet.Serialization;

namespace Mesh.Demo.Tests.Infrastructure;

/// <summary>
/// A compose file read the way <c>docker compose</c> reads it, as far as these tests need: services with their
/// build, image, environment, ports, network mode, dependencies and health check, <c>${VAR:-default}</c>,
/// <c>${VAR:?error}</c> and <c>$$</c> interpolated from given variables.
/// </summary>
public sealed partial class ComposeFile
{
    private ComposeFile(string directory, IReadOnlyDictionary<string, ComposeService> services, IReadOnlyList<string> volumes)
    {
        Directory = directory;
        Services = services;
        Volumes = volumes;
    }

    /// <summary>The file's directory, which relative build contexts start from.</summary>
    public string Directory { get; }

    public IReadOnlyDictionary<string, ComposeService> Services { get; }

    public IReadOnlyList<string> Volumes { get; }

    public ComposeService this[string name] =>
        Services.TryGetValue(name, out var service) ? service : throw new KeyNotFoundException($"no service '{name}' in the compose file");

    public static ComposeFile Load(string path, IReadOnlyDictionary<string, string> variables)
    {
        var root = new DeserializerBuilder().Build().Deserialize<Dictionary<object, object?>>(File.ReadAllText(path));
        string Text(object? value) => Interpolate(Convert.ToString(value, CultureInfo.InvariantCulture) ?? "", variables);

        var services = new Dictionary<string, ComposeService>(StringComparer.Ordinal);
        foreach (var (key, value) in Map(root.GetValueOrDefault("services")))
        {
            var name = (string)key;
            var service = Map(value);
            var build = service.GetValueOrDefault("build");
            services[name] = new ComposeService
            {
                Name = name,
                Image = service.TryGetValue("image", out var image) ? Text(image) : null,
                BuildContext = build switch
                {
                    null => null,
                    string context => Text(context),
                    _ => Text(Map(build).GetValueOrDefault("context") ?? "."),
                },
                Dockerfile = build is null or string ? (build is null ? null : "Dockerfile") : Text(Map(build).GetValueOrDefault("dockerfile") ?? "Dockerfile"),
                Environment = ReadEnvironment(service.GetValueOrDefault("environment"), Text),
                Ports = [.. List(service.GetValueOrDefault("ports")).Select(Text)],
                NetworkMode = service.TryGetValue("network_mode", out var mode) ? Text(mode) : null,
                DependsOn = service.GetValueOrDefault("depends_on") switch
                {
                    List<object> names => names.ToDictionary(n => Text(n), _ => "service_started", StringComparer.Ordinal),
                    Dictionary<object, object> conditions => conditions.ToDictionary(c => Text(c.Key),
                        c => Text(Map(c.Value).GetValueOrDefault("condition") ?? "service_started"), StringComparer.Ordinal),
                    _ => new Dictionary<string, string>(),
                },
                Healthcheck = service.GetValueOrDefault("healthcheck") is { } check ? [.. List(Map(check).GetValueOrDefault("test")).Select(Text)] : [],
                ContainerName = service.TryGetValue("container_name", out var container) ? Text(container) : null,
                Hostname = service.TryGetValue("hostname", out var hostname) ? Text(hostname) : null,
            };
        }

        return new ComposeFile(Path.GetDirectoryName(Path.GetFullPath(path))!, services, [.. Map(root.GetValueOrDefault("volumes")).Keys.Select(k => (string)k)]);
    }

    /// <summary>Compose's interpolation: <c>${VAR}</c>, <c>${VAR:-default}</c>, <c>${VAR-default}</c>, <c>${VAR:?error}</c>, <c>$$</c>.</summary>
    public static string Interpolate(string text, IReadOnlyDictionary<string, string> variables)
    {
        ArgumentNullException.ThrowIfNull(text);
        return Variable().Replace(text, m =>
        {
            if (m.Value == "$$")
            {
                return "$";
            }

            var name = m.Groups["name"].Value;
            var set = variables.TryGetValue(name, out var value);
            return m.Groups["op"].Value switch
            {
                ":-" => set && value!.Length > 0 ? value : m.Groups["arg"].Value,
                "-" => set ? value! : m.Groups["arg"].Value,
                ":?" or "?" when !set || value!.Length == 0 => throw new InvalidOperationException($"{name} is required: {m.Groups["arg"].Value}"),
                _ => value ?? "",
            };
        });
    }

    private static Dictionary<string, string> ReadEnvironment(object? environment, Func<object?, string> text) => environment switch
    {
        Dictionary<object, object?> map => map.ToDictionary(e => text(e.Key), e => text(e.Value), StringComparer.Ordinal),
        List<object> list => list.Select(text).Select(e => e.Split('=', 2)).ToDictionary(e => e[0], e => e.Length > 1 ? e[1] : "", StringComparer.Ordinal),
        _ => new Dictionary<string, string>(StringComparer.Ordinal),
    };

    private static Dictionary<object, object?> Map(object? value) => value switch
    {
        Dictionary<object, object?> map => map,
        _ => [],
    };

    private static List<object> List(object? value) => value as List<object> ?? [];

    [GeneratedRegex(@"\$\$|\$\{(?<name>[A-Za-z_][A-Za-z0-9_]*)(?:(?<op>:?[-?])(?<arg>[^}]*))?\}")]
    private static partial Regex Variable();
}
