namespace Mesh.Grains.Streams;

/// <summary>
/// The version of the config pushed to proxies for one service. It is made of the two documents it is compiled
/// from, each of which only ever grows by one per accepted change; their sum therefore grows strictly with every
/// change of either and is never reused, which is what the proxy protocol needs from a version.
/// </summary>
[GenerateSerializer, Immutable, Alias("mesh.ServiceConfigVersion")]
public readonly record struct ServiceConfigVersion(
    [property: Id(0)] long Service,
    [property: Id(1)] long Routes)
{
    /// <summary>The single number proxies see.</summary>
    public long Combined => Service + Routes;
}
