using Mesh.Grains.Proxies;

namespace Mesh.Silo.Api;

/// <summary><c>/api/v1/proxies</c>: every proxy with its session and its sync state per watched service.</summary>
internal static class ProxiesEndpoints
{
    public static RouteGroupBuilder MapProxies(this RouteGroupBuilder api)
    {
        api.MapGet("/proxies", async (IGrainFactory grains) => TypedResults.Ok(await ProxyStatusReader.ReadAllAsync(grains)))
            .WithTags("Proxies").WithName("ListProxies");
        return api;
    }
}
