using Mesh.ProxyAgent.Matching;
using Mesh.ProxyAgent.Routing;

namespace Mesh.ProxyAgent.LoadBalancing;

/// <summary>
/// The <c>consistent-hash</c> algorithm: a request's key (from <see cref="HashKeySpec"/>) picks its endpoint on a
/// <see cref="HashRing"/>, so the same key keeps reaching the same endpoint while the set is stable. A request without
/// the key, or with an empty one, is balanced round robin instead (it has no affinity to keep). Thread-safe.
/// </summary>
/// <remarks>
/// Build the ring over the subset's full healthy list and pass the momentarily usable list to <see cref="Pick"/>:
/// then an ejected endpoint's keys go to their next owner on the ring and come back when it returns, while every other
/// key stays put. Rebuilding the ring over a filtered list would give the same result at much higher cost.
/// A key is hashed from its text as sent (a multi-field header joined with <c>","</c>; a cookie without decoding).
/// </remarks>
internal sealed class ConsistentHash : ILoadBalancer
{
    private readonly HashRing _ring;
    private readonly HashKeySpec _hashOn;
    private readonly RoundRobin _fallback = new();

    /// <param name="ring">Built over the subset's full healthy list, once per config version.</param>
    /// <param name="hashOn">Exactly one of a header or a cookie; anything else throws <see cref="ArgumentException"/>.</param>
    public ConsistentHash(HashRing ring, HashKeySpec hashOn)
    {
        ArgumentNullException.ThrowIfNull(ring);
        ArgumentNullException.ThrowIfNull(hashOn);
        if ((hashOn.Header is null) == (hashOn.Cookie is null) || hashOn.Header is "" || hashOn.Cookie is "")
        {
            throw new ArgumentException("hashOn must name exactly one of a header or a cookie", nameof(hashOn));
        }

        _ring = ring;
        _hashOn = hashOn;
    }

    /// <inheritdoc/>
    public EndpointSnapshot? Pick(HttpRequest request, IReadOnlyList<EndpointSnapshot> endpoints)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(endpoints);
        if (endpoints.Count == 0)
        {
            return null;
        }

        ReadOnlySpan<char> key;
        if (_hashOn.Header is { } header)
        {
            key = RequestValues.Header(request, header);
        }
        else if (!RequestValues.TryGetCookie(request, _hashOn.Cookie!, out key))
        {
            key = default;
        }

        return key.IsEmpty ? _fallback.Next(endpoints) : PickByKey(key, endpoints);
    }

    /// <summary>The endpoint for a key: its owner on the ring among <paramref name="endpoints"/>, else round robin.</summary>
    public EndpointSnapshot? PickByKey(ReadOnlySpan<char> key, IReadOnlyList<EndpointSnapshot> endpoints) =>
        _ring.Locate(StableHash.Of(key), endpoints) ?? _fallback.Next(endpoints);
}
