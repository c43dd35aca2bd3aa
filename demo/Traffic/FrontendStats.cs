namespace Mesh.Demo.Traffic;

/// <summary>The frontend's <c>GET /stats</c>: counts since it started (requests, failed, successful per backend version).</summary>
public sealed record FrontendStats(long Requests, long Failed, IReadOnlyDictionary<string, long> ByVersion)
{
    public static FrontendStats Zero { get; } = new(0, 0, new Dictionary<string, long>());
}
