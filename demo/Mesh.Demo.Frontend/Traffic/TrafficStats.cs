namespace Mesh.Demo.Frontend.Traffic;

/// <summary>
/// What <c>GET /stats</c> returns: counts since the app started, never reset, so a reader takes the difference
/// of two reads for a rate. <see cref="ByVersion"/> counts successful answers by the backend version that served them.
/// </summary>
public sealed record TrafficStats(long Requests, long Failed, IReadOnlyDictionary<string, long> ByVersion);
