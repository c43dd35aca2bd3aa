namespace Mesh.Grains.Streams;

/// <summary>Names of the stream that fans service changes out to every silo.</summary>
public static class ServiceStreams
{
    /// <summary>The stream provider the host registers (memory streams polled every 10 ms: the default 100 ms poll adds about 50 ms to every push).</summary>
    public const string Provider = "mesh";

    /// <summary>Storage of the stream provider's pub-sub rendezvous state.</summary>
    public const string PubSubStore = "PubSubStore";

    private const string Namespace = "services";

    /// <summary>The change stream of one service.</summary>
    public static StreamId For(string service) => StreamId.Create(Namespace, service);
}
