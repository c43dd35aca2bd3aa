namespace Mesh.Grains.Indexing;

/// <summary>Shortcuts to the index grains.</summary>
public static class NameIndexExtensions
{
    public static INameIndexGrain ServiceIndex(this IGrainFactory grains) => grains.GetGrain<INameIndexGrain>(NameIndexes.Services);

    public static INameIndexGrain ProxyIndex(this IGrainFactory grains) => grains.GetGrain<INameIndexGrain>(NameIndexes.Proxies);
}
