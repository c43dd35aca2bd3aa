namespace Mesh.ProxyAgent.Caching;

internal sealed partial class ConfigCache
{
    [LoggerMessage(Level = LogLevel.Debug, Message = "Cached config of {Service} version {Version}")]
    private partial void LogWritten(string service, long version);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not cache config of {Service} version {Version}: {Reason}")]
    private partial void LogWriteFailed(string service, long version, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Ignoring the cached config of {Service} in {Path}: {Reason}")]
    private partial void LogUnusable(string service, string path, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not clean up temporary files in the config cache {Path}: {Reason}")]
    private partial void LogCleanupFailed(string path, string reason);
}
