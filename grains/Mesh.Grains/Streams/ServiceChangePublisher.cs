using Microsoft.Extensions.Logging;

namespace Mesh.Grains.Streams;

/// <summary>Announces committed changes of a service on its change stream.</summary>
internal static partial class ServiceChangePublisher
{
    /// <summary>
    /// Publishes after the change is stored. A failed publish is logged, not thrown: the write is already
    /// acknowledged by storage, and every silo reconciles its subscriptions against the stored versions, so the
    /// change still reaches the proxies, only later.
    /// </summary>
    public static async Task PublishAsync(this Grain grain, ILogger logger, string service, string document, long version)
    {
        try
        {
            var stream = grain.GetStreamProvider(ServiceStreams.Provider).GetStream<ServiceChanged>(ServiceStreams.For(service));
            await stream.OnNextAsync(new ServiceChanged(service, document, version));
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            LogPublishFailed(logger, e, service, document, version);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not publish version {Version} of the {Document} of {Service}; silos will pick it up when they reconcile")]
    private static partial void LogPublishFailed(ILogger logger, Exception exception, string service, string document, long version);
}
