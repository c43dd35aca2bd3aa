using System.Net;

namespace Mesh.AdminUi.Hosting;

/// <summary>How the admin UI finds the cluster, from configuration.</summary>
public sealed record AdminUiOptions
{
    /// <summary><c>ConnectionStrings:Postgres</c>: find the gateways through the cluster's membership table.</summary>
    public string? PostgresConnectionString { get; init; }

    public string ClusterId { get; init; } = "mesh";

    /// <summary><c>Orleans:Gateways</c> (comma-separated <c>host:port</c>), for a silo in embedded mode.</summary>
    public IReadOnlyList<IPEndPoint> Gateways { get; init; } = [new(IPAddress.Loopback, 30000)];

    public static AdminUiOptions From(IConfiguration configuration)
    {
        var gateways = configuration["Orleans:Gateways"];
        return new AdminUiOptions
        {
            PostgresConnectionString = configuration.GetConnectionString("Postgres") is { Length: > 0 } pg ? pg : null,
            ClusterId = configuration["Orleans:ClusterId"] ?? "mesh",
            Gateways = string.IsNullOrWhiteSpace(gateways)
                ? [new IPEndPoint(IPAddress.Loopback, 30000)]
                : gateways.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(Parse).ToList(),
        };
    }

    private static IPEndPoint Parse(string gateway)
    {
        var colon = gateway.LastIndexOf(':');
        if (colon <= 0 || !int.TryParse(gateway[(colon + 1)..], out var port))
        {
            throw new InvalidOperationException($"Orleans:Gateways: '{gateway}' is not host:port");
        }

        var host = gateway[..colon].Trim('[', ']');
        var address = IPAddress.TryParse(host, out var ip) ? ip : Dns.GetHostAddresses(host).First();
        return new IPEndPoint(address, port);
    }
}
