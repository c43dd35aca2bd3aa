using Mesh.Grains.Indexing;
using Mesh.Grains.Proxies;

namespace Mesh.Silo.Api;

/// <summary><c>/api/v1/proxies</c>: every proxy with its session and its sync state per watched service.</summary>
public static class ProxiesEndpoints
{
    public static RouteGroupBuilder MapProxies(this RouteGroupBuilder api)
    {
        api.MapGet("/proxies", ListAsync).WithTags("Proxies").WithName("ListProxies");
        return api;
    }

    private static async Task<IResult> ListAsync(IGrainFactory grains)
    {
        var ids = await grains.ProxyIndex().ListAsync();
        var proxies = await Task.WhenAll(ids.Select(id => grains.GetGrain<IProxySubscriptionGrain>(id).GetAsync()));
        return TypedResults.Ok(proxies.OfType<Mesh.Model.Proxies.ProxyStatus>().ToList());
    }
}
