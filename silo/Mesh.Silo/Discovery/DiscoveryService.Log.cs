namespace Mesh.Silo.Discovery;

/// <summary>The proxy API's log messages.</summary>
internal sealed partial class DiscoveryService
{
    [LoggerMessage(Level = LogLevel.Information, Message = "Proxy {ProxyId} of {Service} connected, watching {Watches} services")]
    private partial void LogConnected(string proxyId, string service, int watches);

    [LoggerMessage(Level = LogLevel.Information, Message = "Proxy {ProxyId} disconnected (goodbye: {Goodbye})")]
    private partial void LogDisconnected(string proxyId, bool goodbye);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Proxy {ProxyId} rejected version {Version} of {Service}: {Reason}")]
    private partial void LogNacked(string proxyId, string service, long version, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Serving proxy {ProxyId} without storing {What}: the store or cluster is unavailable")]
    private partial void LogStoreUnavailable(Exception exception, string proxyId, string what);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not record the session state of proxy {ProxyId}")]
    private partial void LogEndFailed(Exception exception, string proxyId);
}
