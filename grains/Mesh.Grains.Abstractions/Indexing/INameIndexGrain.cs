namespace Mesh.Grains.Indexing;

/// <summary>
/// A persisted, sorted set of names (key: what is indexed, see <see cref="NameIndexes"/>), so that listing services
/// or proxies reads one grain instead of scanning storage.
/// </summary>
public interface INameIndexGrain : IGrainWithStringKey
{
    /// <summary>Adds a name; returns whether it was new.</summary>
    Task<bool> AddAsync(string name);

    /// <summary>Removes a name; returns whether it was there.</summary>
    Task<bool> RemoveAsync(string name);

    Task<bool> ContainsAsync(string name);

    Task<IReadOnlyList<string>> ListAsync();
}
