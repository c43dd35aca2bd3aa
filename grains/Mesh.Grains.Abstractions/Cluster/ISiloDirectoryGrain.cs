namespace Mesh.Grains.Cluster;

/// <summary>
/// The silos' public endpoints (key: <see cref="Key"/>), so a proxy connected to one silo learns the discovery URLs
/// of the others for failover. Membership itself stays Orleans' business: readers filter by the live silos.
/// </summary>
public interface ISiloDirectoryGrain : IGrainWithStringKey
{
    public const string Key = "silos";

    Task RegisterAsync(SiloInfo silo);

    /// <summary>The registered silos whose addresses are in <paramref name="liveSilos"/>.</summary>
    Task<IReadOnlyList<SiloInfo>> ListAsync(IReadOnlyCollection<string> liveSilos);
}
