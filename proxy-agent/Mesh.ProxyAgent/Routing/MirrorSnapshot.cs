namespace Mesh.ProxyAgent.Routing;

/// <summary>A route's mirror: <see cref="Percent"/> of its requests are copied to an endpoint of <see cref="Subset"/>.</summary>
internal sealed record MirrorSnapshot(SubsetSnapshot Subset, double Percent)
{
    /// <summary>Whether this request is copied: with probability exactly <see cref="Percent"/> / 100.</summary>
    public bool Samples(Random random) => Percent switch
    {
        <= 0 => false,
        >= 100 => true,
        _ => random.NextDouble() * 100 < Percent,
    };
}
