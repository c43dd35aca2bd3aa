namespace Mesh.AdminUi.Queries;

/// <summary>One silo of the cluster page.</summary>
public sealed record SiloRow(string Address, string Status, string? ApiUrl, string? DiscoveryUrl, int Proxies);
