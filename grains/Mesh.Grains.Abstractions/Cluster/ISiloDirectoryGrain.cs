namespace Mesh.Grains.Cluster;

/// <summary>
/// The silos' public endpoints (key: <see cref="Key"/>), so a proxy connected to one silo learns the discovery URLs
/// of the others for failover, and how many proxy sessions each holds, so that the silos can even out their load.
/// Membership itself stays Orleans' business: readers filter by the live silos.
/// </summary>
public interface ISiloDirectoryGrain : IGrainWithStringKey
{
    public const string Key = "silos";

    Task RegisterAsync(SiloInfo silo);

    /// <summary>The registered silos whose addresses are in <paramref name="liveSilos"/>.</summary>
    Task<IReadOnlyList<SiloInfo>> ListAsync(IReadOnlyCollection<string> liveSilos);

    /// <summary>
    /// Records a silo's session count (kept in memory only: every silo reports again within
    /// <see cref="SiloSessions.ValidFor"/>) and returns the registered silos whose addresses are in
    /// <paramref name="liveSilos"/>, with the session counts that still stand.
    /// </summary>
    Task<IReadOnlyList<SiloLoad>> ReportSessionsAsync(SiloSessions report, IReadOnlyCollection<string> liveSilos);
}
