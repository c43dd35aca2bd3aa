using Mesh.ProxyAgent.Routing;

namespace Mesh.ProxyAgent.LoadBalancing;

/// <summary>
/// A consistent-hash ring over a set of endpoints: each endpoint owns <c>virtualNodes</c> points (the
/// <see cref="StableHash"/> of <c>"{id}#{i}"</c>), and a key belongs to the owner of the first point at or after its
/// hash, wrapping around. Adding an endpoint to N moves only the keys that now fall on its points, about 1/(N+1) of
/// them, and all of them to it; removing one moves only its own keys. Immutable and thread-safe; build one per
/// config version (building costs N × virtualNodes hashes and a sort).
/// </summary>
internal sealed class HashRing
{
    /// <summary>
    /// Points per endpoint. An endpoint's share of keys then deviates from 1/N by about 1/√160 ≈ 8% of itself
    /// (one standard deviation), at 160 × N × 12 bytes of ring.
    /// </summary>
    public const int DefaultVirtualNodes = 160;

    private readonly ulong[] _points;
    private readonly int[] _owners;

    /// <param name="endpoints">The set, with unique ids; the order does not matter (the same set gives the same ring).</param>
    /// <param name="virtualNodes">Points per endpoint, 1 or more: more spread keys more evenly at more memory.</param>
    public HashRing(IReadOnlyList<EndpointSnapshot> endpoints, int virtualNodes = DefaultVirtualNodes)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        ArgumentOutOfRangeException.ThrowIfLessThan(virtualNodes, 1);
        Endpoints = endpoints;
        var points = new (ulong Point, int Owner)[endpoints.Count * virtualNodes];
        for (var owner = 0; owner < endpoints.Count; owner++)
        {
            for (var i = 0; i < virtualNodes; i++)
            {
                points[(owner * virtualNodes) + i] = (StableHash.Of($"{endpoints[owner].Id}#{i}"), owner);
            }
        }

        // Ties (vanishingly rare in 64 bits) are broken by id, so every proxy builds the same ring from the same set.
        Array.Sort(points, (x, y) => x.Point != y.Point
            ? x.Point.CompareTo(y.Point)
            : string.CompareOrdinal(endpoints[x.Owner].Id, endpoints[y.Owner].Id));
        _points = points.Select(p => p.Point).ToArray();
        _owners = points.Select(p => p.Owner).ToArray();
    }

    /// <summary>The endpoints the ring was built over, in the order given.</summary>
    public IReadOnlyList<EndpointSnapshot> Endpoints { get; }

    /// <summary>The endpoint that owns <paramref name="hash"/>, or null for an empty ring. Allocation-free, O(log points).</summary>
    public EndpointSnapshot? Locate(ulong hash) => _points.Length == 0 ? null : Endpoints[_owners[FirstPointAtOrAfter(hash)]];

    /// <summary>
    /// The first endpoint clockwise from <paramref name="hash"/> that is in <paramref name="eligible"/> (compared by
    /// id), or null when none of the ring's endpoints is. Skipping an ineligible owner (ejected, or tried by an earlier
    /// attempt) moves only that owner's keys, each to its next point's owner, so the rest keep their endpoint.
    /// Passing <see cref="Endpoints"/> itself skips the membership checks; any other list costs O(eligible) per owner
    /// visited.
    /// </summary>
    public EndpointSnapshot? Locate(ulong hash, IReadOnlyList<EndpointSnapshot> eligible)
    {
        ArgumentNullException.ThrowIfNull(eligible);
        if (ReferenceEquals(eligible, Endpoints))
        {
            return Locate(hash);
        }

        if (_points.Length == 0 || eligible.Count == 0)
        {
            return null;
        }

        var start = FirstPointAtOrAfter(hash);
        var previous = -1;
        for (var step = 0; step < _points.Length; step++)
        {
            var owner = _owners[(start + step) % _points.Length];
            if (owner == previous)
            {
                continue;
            }

            previous = owner;
            if (Contains(eligible, Endpoints[owner].Id))
            {
                return Endpoints[owner];
            }
        }

        return null;
    }

    private int FirstPointAtOrAfter(ulong hash)
    {
        var index = Array.BinarySearch(_points, hash);
        index = index < 0 ? ~index : index;
        return index == _points.Length ? 0 : index;
    }

    private static bool Contains(IReadOnlyList<EndpointSnapshot> endpoints, string id)
    {
        for (var i = 0; i < endpoints.Count; i++)
        {
            if (string.Equals(endpoints[i].Id, id, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }
}
