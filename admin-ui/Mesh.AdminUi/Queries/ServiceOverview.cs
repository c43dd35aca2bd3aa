namespace Mesh.AdminUi.Queries;

/// <summary>One row of the services page.</summary>
/// <param name="InSync">Connected proxies watching the service that ACKed its current config.</param>
/// <param name="Watchers">Connected proxies watching the service (its callers' proxies).</param>
public sealed record ServiceOverview(string Name, int Endpoints, int HealthyEndpoints, IReadOnlyList<string> Versions, int InSync, int Watchers);
