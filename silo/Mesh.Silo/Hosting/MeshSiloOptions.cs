using System.Net;

namespace Mesh.Silo.Hosting;

/// <summary>
/// The silo's settings, each settable on the command line (<c>--Orleans:SiloPort=11112</c>) or by environment
/// (<c>Orleans__SiloPort=11112</c>). Several silos run side by side on one machine by changing only the ports.
/// </summary>
internal sealed record MeshSiloOptions
{
    /// <summary><c>ConnectionStrings:Postgres</c>; absent means embedded mode (one silo, SQLite file).</summary>
    public string? PostgresConnectionString { get; init; }

    public string ClusterId { get; init; } = "mesh";

    public int SiloPort { get; init; } = 11111;

    public int GatewayPort { get; init; } = 30000;

    /// <summary>The address other silos and clients reach this silo at (<c>Orleans:AdvertisedIP</c>).</summary>
    public IPAddress AdvertisedIP { get; init; } = IPAddress.Loopback;

    /// <summary>Where the Rules API listens (HTTP/1.1).</summary>
    public Uri ApiUrl { get; init; } = new("http://127.0.0.1:8080");

    /// <summary>Where proxies connect for config pushes (HTTP/2 cleartext).</summary>
    public Uri DiscoveryUrl { get; init; } = new("http://127.0.0.1:15010");

    /// <summary>The SQLite file of embedded mode (<c>Mesh:EmbeddedDatabase</c>).</summary>
    public string EmbeddedDatabase { get; init; } = Path.Combine(
        Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData, Environment.SpecialFolderOption.Create),
        "mesh", "mesh-embedded.db");

    public bool Embedded => string.IsNullOrWhiteSpace(PostgresConnectionString);

    public static MeshSiloOptions From(IConfiguration configuration)
    {
        var defaults = new MeshSiloOptions();
        return new MeshSiloOptions
        {
            PostgresConnectionString = configuration.GetConnectionString("Postgres"),
            ClusterId = configuration["Orleans:ClusterId"] ?? defaults.ClusterId,
            SiloPort = configuration.GetValue("Orleans:SiloPort", defaults.SiloPort),
            GatewayPort = configuration.GetValue("Orleans:GatewayPort", defaults.GatewayPort),
            AdvertisedIP = configuration["Orleans:AdvertisedIP"] is { Length: > 0 } ip ? IPAddress.Parse(ip) : defaults.AdvertisedIP,
            ApiUrl = configuration["Mesh:ApiUrl"] is { Length: > 0 } api ? new Uri(api) : defaults.ApiUrl,
            DiscoveryUrl = configuration["Mesh:DiscoveryUrl"] is { Length: > 0 } discovery ? new Uri(discovery) : defaults.DiscoveryUrl,
            EmbeddedDatabase = configuration["Mesh:EmbeddedDatabase"] is { Length: > 0 } file ? Path.GetFullPath(file) : defaults.EmbeddedDatabase,
        };
    }
}
