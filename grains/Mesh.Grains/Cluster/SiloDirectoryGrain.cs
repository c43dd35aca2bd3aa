using Mesh.Grains.Storage;

namespace Mesh.Grains.Cluster;

/// <inheritdoc cref="ISiloDirectoryGrain"/>
public sealed class SiloDirectoryGrain(
    [PersistentState("silos", GrainStorageNames.Mesh)] IPersistentState<SiloDirectoryGrainState> state) : Grain, ISiloDirectoryGrain
{
    /// <summary>Entries kept; the oldest are dropped first (restarted silos get new addresses).</summary>
    public const int Limit = 256;

    public async Task RegisterAsync(SiloInfo silo)
    {
        var others = state.State.Silos.Where(s => s.Silo != silo.Silo && s.DiscoveryUrl != silo.DiscoveryUrl);
        var next = others.Append(silo).OrderBy(s => s.StartedAt).TakeLast(Limit).ToList();
        await state.CommitAsync(new SiloDirectoryGrainState { Silos = next });
    }

    public Task<IReadOnlyList<SiloInfo>> ListAsync(IReadOnlyCollection<string> liveSilos) =>
        Task.FromResult<IReadOnlyList<SiloInfo>>(state.State.Silos.Where(s => liveSilos.Contains(s.Silo)).ToList());
}
