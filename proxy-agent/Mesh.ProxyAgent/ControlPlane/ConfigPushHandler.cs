using Mesh.Protos.Discovery.V1;
using Mesh.ProxyAgent.Caching;
using Mesh.ProxyAgent.LoadBalancing;
using Mesh.ProxyAgent.Routing;

namespace Mesh.ProxyAgent.ControlPlane;

/// <summary>
/// Applies one pushed <see cref="ServiceConfig"/>: validated and compiled, then swapped in whole, Acked and handed to
/// the config cache; or Nacked with the reason while the last good config of that service stays in force. A config
/// read back from the cache goes through the same validation and compilation (<see cref="ApplyCached"/>).
/// </summary>
internal sealed partial class ConfigPushHandler(
    RoutingTable table,
    ListenerLoopGuard loopGuard,
    InFlightTrackers inFlight,
    ControlPlaneStatus status,
    ConfigCacheWriter cache,
    ILogger<ConfigPushHandler> logger)
{
    /// <summary>The silo keeps at most this much of a Nack's error.</summary>
    public const int MaxErrorLength = 1024;

    // Orders the version check against the swap: pushes arrive one at a time, but a cached config may be restored
    // from another thread (a request for a service watched on demand), and an older config must never win.
    private readonly Lock _gate = new();

    /// <summary>The Ack or Nack answering <paramref name="config"/>.</summary>
    public ProxyMessage Handle(ServiceConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        if (Apply(config, fromCache: false, out var error) is { } snapshot)
        {
            if (config.Version > 0)
            {
                // Version 0 is the silo's answer for a name it does not know: nothing worth keeping on disk.
                cache.Offer(config);
            }

            LogApplied(config.Service, config.Version, snapshot.Routes.Count, snapshot.Endpoints.Count);
            return new ProxyMessage { Ack = new Ack { Service = config.Service, Version = config.Version, Nonce = config.Nonce } };
        }

        if (error.Length > MaxErrorLength)
        {
            error = error[..(MaxErrorLength - 3)] + "...";
        }

        LogRejected(config.Service, config.Version, error);
        return new ProxyMessage { Nack = new Nack { Service = config.Service, Version = config.Version, Nonce = config.Nonce, Error = error } };
    }

    /// <summary>
    /// Puts a config read from the cache in force, validated and compiled exactly as a push, unless the proxy holds
    /// that version or a newer one already. Nothing is sent: no silo asked for it.
    /// </summary>
    public CachedApply ApplyCached(ServiceConfig config, out string error)
    {
        ArgumentNullException.ThrowIfNull(config);
        if (Superseding(config) is { } held)
        {
            error = $"version {held} is in force";
            return CachedApply.Superseded;
        }

        if (Apply(config, fromCache: true, out error) is not null)
        {
            return CachedApply.Applied;
        }

        return Superseding(config) is null ? CachedApply.Invalid : CachedApply.Superseded;
    }

    /// <summary>The snapshot put in force, or null and why nothing changed.</summary>
    private AgentServiceSnapshot? Apply(ServiceConfig config, bool fromCache, out string error)
    {
        if (Older(config) is { } older)
        {
            error = older;
            return null;
        }

        var tracker = inFlight.For(config.Service);
        var result = AgentConfigCompiler.Compile(config, loopGuard, tracker);
        if (result.Snapshot is not { } snapshot)
        {
            error = result.Error!;
            return null;
        }

        lock (_gate)
        {
            // Checked again: another config of the service may have been put in force while this one compiled.
            if (Older(config) is { } overtaken)
            {
                error = overtaken;
                return null;
            }

            if (fromCache && Superseding(config) is { } held)
            {
                error = $"version {held} is in force";
                return null;
            }

            table.Apply(snapshot);
            status.ConfigApplied(snapshot, fromCache);
        }

        tracker.Prune(snapshot.Endpoints.Select(e => e.Id).ToHashSet(StringComparer.Ordinal));
        error = "";
        return snapshot;
    }

    /// <summary>
    /// Forgets the version-0 configs (names the mesh does not know) of services not in <paramref name="watched"/>:
    /// no session will update them, and an app calling arbitrary names must not grow the proxy's state.
    /// </summary>
    public void ShedUnwatched(IReadOnlySet<string> watched)
    {
        ArgumentNullException.ThrowIfNull(watched);
        lock (_gate)
        {
            var shed = table.Services.Values.Where(s => s.Version == 0 && !watched.Contains(s.Service)).Select(s => s.Service).ToList();
            if (shed.Count == 0)
            {
                return;
            }

            table.Remove(shed);
            inFlight.Remove(shed);
        }
    }

    private string? Older(ServiceConfig config) =>
        table.Services.TryGetValue(config.Service, out var held) && config.Version < held.Version
            ? $"version {config.Version} is older than version {held.Version}, which is in force"
            : null;

    /// <summary>The version in force when it is <paramref name="config"/>'s or newer: a cached copy adds nothing then.</summary>
    private long? Superseding(ServiceConfig config) =>
        table.Services.TryGetValue(config.Service, out var held) && held.Version >= config.Version ? held.Version : null;

    [LoggerMessage(Level = LogLevel.Information, Message = "Applied config of {Service} version {Version}: {Routes} routes, {Endpoints} endpoints")]
    private partial void LogApplied(string service, long version, int routes, int endpoints);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Rejected config of {Service} version {Version}, keeping the last good one: {Reason}")]
    private partial void LogRejected(string service, long version, string reason);
}
