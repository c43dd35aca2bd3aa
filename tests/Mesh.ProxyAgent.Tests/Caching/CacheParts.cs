using Mesh.ProxyAgent.Caching;
using Mesh.ProxyAgent.ControlPlane;
using Mesh.ProxyAgent.Hosting;
using Mesh.ProxyAgent.LoadBalancing;
using Mesh.ProxyAgent.Routing;
using Microsoft.Extensions.Logging.Abstractions;
using static Mesh.ProxyAgent.Tests.Infrastructure.TestConfigs;

namespace Mesh.ProxyAgent.Tests.Caching;

/// <summary>The config state of one proxy wired as the agent wires it, with a config cache in <paramref name="cacheDir"/> (null: none).</summary>
internal sealed class CacheParts
{
    public CacheParts(string? cacheDir, TimeProvider? time = null)
    {
        Options = new ProxyAgentOptions
        {
            ControlPlane = [new Uri("http://127.0.0.1:15010")],
            Service = "svc-a",
            ProxyId = "svc-a-1",
            Upstreams = ["svc-b"],
            CacheDir = cacheDir,
        };
        Cache = new ConfigCache(Options, time ?? TimeProvider.System, NullLogger<ConfigCache>.Instance);
        Writer = new ConfigCacheWriter(Cache);
        Handler = new ConfigPushHandler(Table, DefaultGuard, new InFlightTrackers(), Status, Writer, NullLogger<ConfigPushHandler>.Instance);
        Restore = new CacheRestore(Cache, Handler, Table, NullLogger<CacheRestore>.Instance);
    }

    public ProxyAgentOptions Options { get; }

    public RoutingTable Table { get; } = new();

    public ControlPlaneStatus Status { get; } = new();

    public ConfigCache Cache { get; }

    public ConfigCacheWriter Writer { get; }

    public ConfigPushHandler Handler { get; }

    public CacheRestore Restore { get; }
}
