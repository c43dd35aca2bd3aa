using Mesh.Grains.Indexing;
using Mesh.Grains.Registry;
using Mesh.Model.Proxies;

namespace Mesh.Grains.Proxies;

/// <summary>Reads every proxy with its sync state judged against each watched service's current config version.</summary>
public static class ProxyStatusReader
{
    /// <summary>One read of the proxy index, one per proxy, and one per distinct watched service.</summary>
    public static async Task<IReadOnlyList<ProxyStatus>> ReadAllAsync(IGrainFactory grains)
    {
        var ids = await grains.ProxyIndex().ListAsync();
        var proxies = (await Task.WhenAll(ids.Select(id => grains.GetGrain<IProxySubscriptionGrain>(id).GetAsync()))).OfType<ProxyStatus>().ToList();
        var services = proxies.SelectMany(p => p.Watches).Select(w => w.Service).Distinct(StringComparer.Ordinal).ToList();
        var versions = (await Task.WhenAll(services.Select(async s => (Service: s, (await ServiceConfigSource.ReadAsync(grains, s)).Version.Combined))))
            .ToDictionary(v => v.Service, v => v.Combined, StringComparer.Ordinal);
        return proxies.Select(p => p with
        {
            Watches = p.Watches.Select(w => w with { State = SyncStates.Of(w, p.Connected, versions[w.Service]) }).ToList(),
        }).ToList();
    }
}
