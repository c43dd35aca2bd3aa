namespace Mesh.ProxyAgent.Forwarding;

internal sealed partial class OutboundForwarder
{
    [LoggerMessage(Level = LogLevel.Debug, Message = "No config for {Service}: answered 503")]
    private partial void LogNoConfig(string service);

    [LoggerMessage(Level = LogLevel.Debug, Message = "{Service} cannot be watched now (the session watches {Limit} services): answered 503")]
    private partial void LogNotWatchable(string service, int limit);

    [LoggerMessage(Level = LogLevel.Debug, Message = "No route of {Service} matches: answered 404")]
    private partial void LogNoRoute(string service);

    [LoggerMessage(Level = LogLevel.Debug, Message = "No healthy endpoints for {Service} in subset '{Subset}': answered 503")]
    private partial void LogNoEndpoint(string service, string subset);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Outbound request to {Service} (subset '{Subset}') failed: {Reason}")]
    private partial void LogForwardFailed(string service, string subset, string reason);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Retry {Retry} of a request to {Service} (subset '{Subset}') goes to {Endpoint}")]
    private partial void LogRetry(string service, string subset, int retry, string endpoint);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Circuit breaker of {Service} is open: answered 503 ({Reason})")]
    private partial void LogCircuitOpen(string service, string reason);
}
