using Mesh.Demo.Processes;

namespace Mesh.Demo.Topology;

/// <summary>
/// Everything the demo runs, with its ports chosen up front: the silos, the admin UI, <c>frontend</c> (which calls
/// <c>backend</c>) and <c>backend</c> in two versions, <c>v1</c> twice and <c>v2</c> once.
/// </summary>
public sealed record DemoTopology
{
    public const string FrontendService = "frontend";
    public const string BackendService = "backend";

    /// <summary>Backend versions and how many instances each has.</summary>
    public static IReadOnlyList<(string Version, int Instances)> BackendVersions { get; } = [("v1", 2), ("v2", 1)];

    public required string ClusterId { get; init; }

    public required IReadOnlyList<SiloNode> Silos { get; init; }

    public required Uri AdminUiUrl { get; init; }

    public required AppInstance Frontend { get; init; }

    public required IReadOnlyList<AppInstance> Backends { get; init; }

    public IEnumerable<AppInstance> Apps => [Frontend, .. Backends];

    /// <summary>Where the Rules API is printed and the default split written: the first silo.</summary>
    public Uri RulesApi => Silos[0].ApiUrl;

    public static DemoTopology Plan(string clusterId, int silos) => new()
    {
        ClusterId = clusterId,
        Silos = [.. Enumerable.Range(1, silos).Select(i => SiloNode.Plan($"silo-{i}"))],
        AdminUiUrl = FreePort.NextUrl(),
        Frontend = AppInstance.Plan(FrontendService, "v1", 1, BackendService),
        Backends = [.. BackendVersions.SelectMany(v => Enumerable.Range(1, v.Instances).Select(i => AppInstance.Plan(BackendService, v.Version, i)))],
    };
}
