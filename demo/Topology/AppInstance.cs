using Mesh.Demo.Processes;

namespace Mesh.Demo.Topology;

/// <summary>One instance of a demo app and its sidecar proxy, each listener on its own loopback port.</summary>
public sealed record AppInstance
{
    /// <summary>The instance's name, also its proxy id: <c>backend-v1-2</c>.</summary>
    public required string Name { get; init; }

    public required string Service { get; init; }

    public required string Version { get; init; }

    public required Uri AppUrl { get; init; }

    public required Uri InboundUrl { get; init; }

    public required Uri OutboundUrl { get; init; }

    public required Uri AdminUrl { get; init; }

    /// <summary>Services the app calls, watched by its proxy from the start.</summary>
    public IReadOnlyList<string> Upstreams { get; init; } = [];

    public string ProxyName => Name + "-proxy";

    public static AppInstance Plan(string service, string version, int ordinal, params string[] upstreams) => new()
    {
        Name = $"{service}-{version}-{ordinal}",
        Service = service,
        Version = version,
        AppUrl = FreePort.NextUrl(),
        InboundUrl = FreePort.NextUrl(),
        OutboundUrl = FreePort.NextUrl(),
        AdminUrl = FreePort.NextUrl(),
        Upstreams = upstreams,
    };

    /// <summary>The sidecar's command line: it fronts this app and talks to any of <paramref name="controlPlane"/>.</summary>
    public IEnumerable<string> ProxyArguments(IEnumerable<Uri> controlPlane)
    {
        yield return "--Mesh:ControlPlane=" + string.Join(',', controlPlane.Select(u => u.GetLeftPart(UriPartial.Authority)));
        yield return $"--Mesh:Service={Service}";
        yield return $"--Mesh:Version={Version}";
        yield return $"--Mesh:ProxyId={Name}";
        yield return $"--Mesh:AppUrl={AppUrl.GetLeftPart(UriPartial.Authority)}";
        yield return $"--Mesh:InboundUrl={InboundUrl.GetLeftPart(UriPartial.Authority)}";
        yield return $"--Mesh:OutboundUrl={OutboundUrl.GetLeftPart(UriPartial.Authority)}";
        yield return $"--Mesh:AdminUrl={AdminUrl.GetLeftPart(UriPartial.Authority)}";
        if (Upstreams.Count > 0)
        {
            yield return "--Mesh:Upstreams=" + string.Join(',', Upstreams);
        }
    }
}
