using System.Globalization;
using Mesh.Demo.Processes;

namespace Mesh.Demo.Topology;

/// <summary>One silo of the demo's control plane and its four loopback ports.</summary>
public sealed record SiloNode(string Name, int SiloPort, int GatewayPort, Uri ApiUrl, Uri DiscoveryUrl)
{
    public static SiloNode Plan(string name) =>
        new(name, FreePort.Next(), FreePort.Next(), FreePort.NextUrl(), FreePort.NextUrl());

    /// <summary>The silo's command line; an <paramref name="embeddedDatabase"/> means embedded mode (no PostgreSQL).</summary>
    public IEnumerable<string> Arguments(string clusterId, string? embeddedDatabase)
    {
        yield return $"--Orleans:ClusterId={clusterId}";
        yield return $"--Orleans:SiloPort={SiloPort.ToString(CultureInfo.InvariantCulture)}";
        yield return $"--Orleans:GatewayPort={GatewayPort.ToString(CultureInfo.InvariantCulture)}";
        yield return $"--Mesh:ApiUrl={ApiUrl.GetLeftPart(UriPartial.Authority)}";
        yield return $"--Mesh:DiscoveryUrl={DiscoveryUrl.GetLeftPart(UriPartial.Authority)}";
        if (embeddedDatabase is not null)
        {
            yield return $"--Mesh:EmbeddedDatabase={embeddedDatabase}";
        }
    }
}
