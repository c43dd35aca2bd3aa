using Mesh.Protos.Discovery.V1;
using Mesh.ProxyAgent.LoadBalancing;
using Mesh.ProxyAgent.Routing;

namespace Mesh.ProxyAgent.ControlPlane;

/// <summary>
/// Applies one pushed <see cref="ServiceConfig"/>: validated and compiled, then swapped in whole and Acked; or
/// Nacked with the reason while the last good config of that service stays in force.
/// </summary>
public sealed partial class ConfigPushHandler(RoutingTable table, ListenerLoopGuard loopGuard, InFlightTrackers inFlight, ILogger<ConfigPushHandler> logger)
{
    /// <summary>The silo keeps at most this much of a Nack's error.</summary>
    public const int MaxErrorLength = 1024;

    /// <summary>The Ack or Nack answering <paramref name="config"/>.</summary>
    public ProxyMessage Handle(ServiceConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        string error;
        if (table.Services.TryGetValue(config.Service, out var held) && config.Version < held.Version)
        {
            error = $"version {config.Version} is older than version {held.Version}, which is in force";
        }
        else
        {
            var tracker = inFlight.For(config.Service);
            var result = ServiceConfigCompiler.Compile(config, loopGuard, tracker);
            if (result.Snapshot is { } snapshot)
            {
                table.Apply(snapshot);
                tracker.Prune(snapshot.Endpoints.Select(e => e.Id).ToHashSet(StringComparer.Ordinal));
                LogApplied(config.Service, config.Version, snapshot.Routes.Count, snapshot.Endpoints.Count);
                return new ProxyMessage { Ack = new Ack { Service = config.Service, Version = config.Version, Nonce = config.Nonce } };
            }

            error = result.Error!;
        }

        if (error.Length > MaxErrorLength)
        {
            error = error[..(MaxErrorLength - 3)] + "...";
        }

        LogRejected(config.Service, config.Version, error);
        return new ProxyMessage { Nack = new Nack { Service = config.Service, Version = config.Version, Nonce = config.Nonce, Error = error } };
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Applied config of {Service} version {Version}: {Routes} routes, {Endpoints} endpoints")]
    private partial void LogApplied(string service, long version, int routes, int endpoints);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Rejected config of {Service} version {Version}, keeping the last good one: {Reason}")]
    private partial void LogRejected(string service, long version, string reason);
}
