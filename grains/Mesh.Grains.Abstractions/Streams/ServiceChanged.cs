namespace Mesh.Grains.Streams;

/// <summary>
/// Published on the service's change stream after a change of its routes, endpoints or settings is committed.
/// Subscribers read the versioned state from the grains; the event only says that something newer exists.
/// </summary>
/// <param name="Document"><c>routes</c> or <c>service</c>: which document changed.</param>
/// <param name="Version">The new version of that document.</param>
[GenerateSerializer, Immutable, Alias("mesh.ServiceChanged")]
public sealed record ServiceChanged(
    [property: Id(0)] string Service,
    [property: Id(1)] string Document,
    [property: Id(2)] long Version);
