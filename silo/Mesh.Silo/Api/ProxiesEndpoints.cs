using Mesh.Grains.Indexing;
using Mesh.Grains.Proxies;
using Mesh.Grains.Registry;
using Mesh.Model.Proxies;

namespace Mesh.Silo.Api;

/// <summary><c>/api/v1/proxies</c>: every proxy with its session and its sync state per watched service.</summary>
public static class ProxiesEndpoints
{
    public static RouteGroupBuilder MapProxies(this RouteGroupBuilder api)
    {
        api.MapGet("/proxies", ListAsync).WithTags("Proxies").WithName("ListProxies");
        return api;
    }

    /// <summary>Sync states are judged against each service's current config version, read once per service.</summary>
    private static async Task<IResult> ListAsync(IGrainFactory grains)
    {
        var ids = await grains.ProxyIndex().ListAsync();
        var proxies = (await Task.WhenAll(ids.Select(id => grains.GetGrain<IProxySubscriptionGrain>(id).GetAsync()))).OfType<ProxyStatus>().ToList();
        var services = proxies.SelectMany(p => p.Watches).Select(w => w.Service).Distinct(StringComparer.Ordinal).ToList();
        var versions = (await Task.WhenAll(services.Select(async s => (Service: s, (await ServiceConfigSource.ReadAsync(grains, s)).Version.Combined))))
            .ToDictionary(v => v.Service, v => v.Combined, StringComparer.Ordinal);
        return TypedResults.Ok(proxies.Select(p => p with
        {
            Watches = p.Watches.Select(w => w with { State = SyncStates.Of(w, p.Connected, versions[w.Service]) }).ToList(),
        }).ToList());
    }
}
