using Mesh.Grains.Storage;

namespace Mesh.Grains.Cluster;

/// <inheritdoc cref="ISiloDirectoryGrain"/>
internal sealed class SiloDirectoryGrain(
    [PersistentState("silos", GrainStorageNames.Mesh)] IPersistentState<SiloDirectoryGrainState> state,
    TimeProvider time) : Grain, ISiloDirectoryGrain
{
    /// <summary>Entries kept; the oldest are dropped first (restarted silos get new addresses).</summary>
    public const int Limit = 256;

    private readonly Dictionary<string, (int Sessions, DateTimeOffset Until)> _sessions = new(StringComparer.Ordinal);

    public async Task RegisterAsync(SiloInfo silo)
    {
        var others = state.State.Silos.Where(s => s.Silo != silo.Silo && s.DiscoveryUrl != silo.DiscoveryUrl);
        var next = others.Append(silo).OrderBy(s => s.StartedAt).TakeLast(Limit).ToList();
        await state.CommitAsync(new SiloDirectoryGrainState { Silos = next });
    }

    public Task<IReadOnlyList<SiloInfo>> ListAsync(IReadOnlyCollection<string> liveSilos) =>
        Task.FromResult<IReadOnlyList<SiloInfo>>(Live(liveSilos).ToList());

    public Task<IReadOnlyList<SiloLoad>> ReportSessionsAsync(SiloSessions report, IReadOnlyCollection<string> liveSilos)
    {
        var now = time.GetUtcNow();
        _sessions[report.Silo] = (report.Sessions, now + report.ValidFor);
        foreach (var gone in _sessions.Where(s => s.Value.Until < now).Select(s => s.Key).ToList())
        {
            _sessions.Remove(gone);
        }

        return Task.FromResult<IReadOnlyList<SiloLoad>>(Live(liveSilos)
            .Select(s => new SiloLoad { Info = s, Sessions = _sessions.TryGetValue(s.Silo, out var load) ? load.Sessions : null })
            .ToList());
    }

    private IEnumerable<SiloInfo> Live(IReadOnlyCollection<string> liveSilos) => state.State.Silos.Where(s => liveSilos.Contains(s.Silo));
}
