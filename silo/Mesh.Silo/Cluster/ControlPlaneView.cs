using Mesh.Grains.Cluster;
using Mesh.Silo.Api;
using Mesh.Silo.Discovery;

namespace Mesh.Silo.Cluster;

/// <summary>
/// The discovery URLs of the live silos as this silo last read them from the silo directory: what Welcome and
/// SiloList tell proxies. When the directory cannot be read (its silo is gone or frozen), the last list stands.
/// </summary>
internal sealed class ControlPlaneView(IGrainFactory grains, IClusterMembershipService membership, DiscoveryOptions options)
{
    private volatile string[] _urls = [];

    /// <summary>The addresses of the silos the cluster holds active.</summary>
    public IReadOnlyCollection<string> LiveSilos() =>
        membership.CurrentSnapshot.Members.Values
            .Where(m => m.Status == SiloStatus.Active)
            .Select(m => m.SiloAddress.ToString())
            .ToHashSet(StringComparer.Ordinal);

    /// <summary>Reads the live silos from the directory (bounded by <see cref="DiscoveryOptions.SessionWriteTimeout"/>).</summary>
    public async Task<IReadOnlyList<string>> ReadAsync()
    {
        try
        {
            var silos = await grains.GetGrain<ISiloDirectoryGrain>(ISiloDirectoryGrain.Key).ListAsync(LiveSilos()).WaitAsync(options.SessionWriteTimeout);
            Set(silos.Select(s => s.DiscoveryUrl));
        }
        catch (Exception e) when (Unavailability.IsUnavailable(e))
        {
            // The last list read still points proxies somewhere.
        }

        return _urls;
    }

    /// <summary>Replaces the list.</summary>
    public void Set(IEnumerable<string> urls) => _urls = [.. urls];
}
