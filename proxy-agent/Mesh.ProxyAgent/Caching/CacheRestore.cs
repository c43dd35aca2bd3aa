using System.Collections.Concurrent;
using Mesh.ProxyAgent.ControlPlane;
using Mesh.ProxyAgent.Routing;

namespace Mesh.ProxyAgent.Caching;

/// <summary>
/// Stands the config cache in for the control plane: puts in force the cached configs of watched services the proxy
/// holds no config for, each validated as a push. The control-plane client calls it once every known silo failed to
/// answer in a row (so a proxy that reaches a silo at start never serves a stale config), and the outbound path when
/// the app calls a service watched on demand while no session is live. Each service's file is read at most once per
/// process: a file missing or refused once stays so (a newer one is written only by an Ack, which puts that version
/// in force anyway). The restored versions go into the next Hello, so a silo sends only what is newer.
/// </summary>
internal sealed partial class CacheRestore(ConfigCache cache, ConfigPushHandler pushes, RoutingTable table, ILogger<CacheRestore> logger)
{
    private readonly ConcurrentDictionary<string, bool> _tried = new(StringComparer.Ordinal);

    /// <summary>Restores, from the cache, every service of <paramref name="services"/> that holds no config; returns how many.</summary>
    public int RestoreMissing(IEnumerable<string> services)
    {
        ArgumentNullException.ThrowIfNull(services);
        return cache.Enabled ? services.Count(TryRestore) : 0;
    }

    /// <summary>Restores <paramref name="service"/> from the cache if it holds no config and was not tried before.</summary>
    public bool TryRestore(string service)
    {
        if (!cache.Enabled || table.Services.ContainsKey(service) || !_tried.TryAdd(service, true) || cache.Read(service) is not { } config)
        {
            return false;
        }

        switch (pushes.ApplyCached(config, out var error))
        {
            case CachedApply.Applied:
                var savedAt = cache.SavedAt(service);
                LogRestored(service, config.Version, config.Routes.Count, config.Endpoints.Count, savedAt);
                return true;
            case CachedApply.Invalid:
                var path = cache.PathOf(service);
                LogInvalid(service, config.Version, path, error);
                return false;
            default:
                return false;
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "No silo answers: serving the cached config of {Service} version {Version} ({Routes} routes, {Endpoints} endpoints, cached at {SavedAt:O}) until one does")]
    private partial void LogRestored(string service, long version, int routes, int endpoints, DateTimeOffset? savedAt);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Ignoring the cached config of {Service} version {Version} in {Path}: it fails the checks of a push: {Reason}")]
    private partial void LogInvalid(string service, long version, string path, string reason);
}
