namespace Mesh.ProxyAgent.Admin;

/// <summary>One service's config in force, with routes in the Rules API's shape.</summary>
public sealed record ServiceDump
{
    public required string Service { get; init; }

    public required long Version { get; init; }

    public required IReadOnlyList<RouteDump> Routes { get; init; }

    public required IReadOnlyList<EndpointDump> Endpoints { get; init; }

    public required IReadOnlyList<SubsetDump> Subsets { get; init; }
}
