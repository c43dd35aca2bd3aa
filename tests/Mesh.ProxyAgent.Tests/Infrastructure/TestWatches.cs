using Mesh.ProxyAgent.ControlPlane;
using Mesh.ProxyAgent.Hosting;
using Mesh.ProxyAgent.Routing;
using Microsoft.Extensions.Logging.Abstractions;

namespace Mesh.ProxyAgent.Tests.Infrastructure;

/// <summary>A <see cref="WatchRegistry"/> wired as the agent wires it.</summary>
internal static class TestWatches
{
    public static WatchRegistry Create(ProxyAgentOptions options, TimeProvider time, RoutingTable? table = null, ControlPlaneTimings? timings = null) =>
        new(options, table ?? new RoutingTable(), timings ?? new ControlPlaneTimings(), time, NullLogger<WatchRegistry>.Instance);
}
