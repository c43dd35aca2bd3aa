namespace Mesh.ProxyAgent.ControlPlane;

internal sealed partial class ControlPlaneClient
{
    [LoggerMessage(Level = LogLevel.Debug, Message = "Proxy {ProxyId} connecting to silo {Url}")]
    private partial void LogConnecting(string proxyId, Uri url);

    [LoggerMessage(Level = LogLevel.Information, Message = "Proxy {ProxyId} welcomed by silo {Silo} at {Url} ({Silos} silos known, lease {LeaseSeconds} s)")]
    private partial void LogWelcomed(string proxyId, string silo, Uri url, int silos, int leaseSeconds);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Silos} silos known (added: [{Added}], removed: [{Removed}])")]
    private partial void LogSilosChanged(int silos, IReadOnlyList<Uri> added, IReadOnlyList<Uri> removed);

    [LoggerMessage(Level = LogLevel.Information, Message = "Proxy {ProxyId} moving from silo at {Url} to {Target}: {Reason}")]
    private partial void LogMoving(string proxyId, Uri url, Uri target, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Silo at {Url} sent Move to '{Target}', not an http(s) URL; ignored ({Reason})")]
    private partial void LogMoveIgnored(Uri url, string target, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Session with silo at {Url} ended for a Move before its last messages were written: {Reason}")]
    private partial void LogMoveNotFlushed(Uri url, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Silo at {Url} sent no Welcome within {Seconds} s; trying the next silo")]
    private partial void LogNoWelcome(Uri url, double seconds);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Session with silo at {Url} ended: {Reason}")]
    private partial void LogSessionEnded(Uri url, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Session with silo at {Url} failed: {Reason}")]
    private partial void LogSessionFailed(Uri url, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Reconnecting to silo {Url} in {DelayMs:F0} ms; serving the last good configs of {Services} services meanwhile")]
    private partial void LogReconnecting(Uri url, double delayMs, int services);

    [LoggerMessage(Level = LogLevel.Information, Message = "Proxy {ProxyId} said Goodbye")]
    private partial void LogSaidGoodbye(string proxyId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Proxy {ProxyId} could not say Goodbye: {Reason}")]
    private partial void LogGoodbyeNotSent(string proxyId, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Proxy {ProxyId} draining for {Seconds} s before its listeners close")]
    private partial void LogDraining(string proxyId, double seconds);
}
