using Mesh.Grains.Cluster;
using Mesh.Grains.Indexing;
using Mesh.Grains.Proxies;
using Mesh.Grains.Registry;
using Mesh.Grains.Routing;
using Mesh.Model.Proxies;

namespace Mesh.AdminUi.Queries;

/// <summary>The reads behind the pages, all through grains (the same authority as the Rules API).</summary>
public sealed class MeshReader(IClusterClient client)
{
    public async Task<IReadOnlyList<ServiceOverview>> ServicesAsync()
    {
        var names = await client.ServiceIndex().ListAsync();
        var summariesTask = Task.WhenAll(names.Select(n => client.GetGrain<IServiceGrain>(n).GetSummaryAsync()));
        var proxies = await ProxyStatusReader.ReadAllAsync(client);
        var summaries = await summariesTask;
        return summaries.Select(s =>
        {
            var watches = Watches(proxies, s.Name).ToList();
            return new ServiceOverview(s.Name, s.Endpoints, s.HealthyEndpoints, s.Versions, watches.Count(w => w.Watch.State == SyncState.Synced), watches.Count);
        }).ToList();
    }

    /// <summary>The service page's data, or <c>null</c> for a service the registry does not know.</summary>
    public async Task<ServiceDetail?> ServiceAsync(string name)
    {
        if (!await client.ServiceIndex().ContainsAsync(name))
        {
            return null;
        }

        var (service, routes, version) = await ServiceConfigSource.ReadAsync(client, name);
        var history = await client.GetGrain<IRoutePolicyGrain>(name).GetHistoryAsync();
        var policy = await client.GetGrain<IServiceGrain>(name).GetPolicyAsync();
        var proxies = await ProxyStatusReader.ReadAllAsync(client);
        return new ServiceDetail(
            service,
            routes,
            history,
            Watches(proxies, name).ToList(),
            proxies.ToDictionary(p => p.Id, p => p.Silo, StringComparer.Ordinal),
            policy,
            version);
    }

    public Task<IReadOnlyList<ProxyStatus>> ProxiesAsync() => ProxyStatusReader.ReadAllAsync(client);

    public async Task<IReadOnlyList<SiloRow>> ClusterAsync()
    {
        var hosts = await client.GetGrain<IManagementGrain>(0).GetHosts(onlyActive: false);
        var names = hosts.Keys.Select(k => k.ToString()).ToList();
        var directory = (await client.GetGrain<ISiloDirectoryGrain>(ISiloDirectoryGrain.Key).ListAsync(names))
            .ToDictionary(s => s.Silo, StringComparer.Ordinal);
        var proxies = await ProxyStatusReader.ReadAllAsync(client);
        return hosts
            .OrderBy(h => h.Value == SiloStatus.Active ? 0 : 1).ThenBy(h => h.Key.ToString(), StringComparer.Ordinal)
            .Select(h =>
            {
                var address = h.Key.ToString();
                var info = directory.GetValueOrDefault(address);
                return new SiloRow(address, h.Value.ToString(), info?.ApiUrl, info?.DiscoveryUrl, proxies.Count(p => p.Connected && p.Silo == address));
            })
            .ToList();
    }

    private static IEnumerable<ServiceWatcher> Watches(IEnumerable<ProxyStatus> proxies, string service) =>
        proxies.Where(p => p.Connected)
            .SelectMany(p => p.Watches.Where(w => w.Service == service).Select(w => new ServiceWatcher(p, w)));
}
