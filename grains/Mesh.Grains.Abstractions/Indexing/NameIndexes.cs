namespace Mesh.Grains.Indexing;

/// <summary>The keys of the <see cref="INameIndexGrain"/> instances.</summary>
public static class NameIndexes
{
    public const string Services = "services";

    public const string Proxies = "proxies";
}
