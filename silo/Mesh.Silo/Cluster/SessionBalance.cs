using Mesh.Grains.Cluster;

namespace Mesh.Silo.Cluster;

/// <summary>A number of this silo's proxies to send to another silo.</summary>
internal sealed record SessionMove(string DiscoveryUrl, int Count)
{
    public override string ToString() => $"{Count} to {DiscoveryUrl}";
}

/// <summary>
/// Decides how many of its proxies a silo hands to which other silos. The fair share is the sessions of all live
/// silos over their number. A silo above it by more than the tolerance sheds down to it; every silo below it takes
/// its deficit, split between the shedding silos in proportion to their excess, so that silos planning from the same
/// counts fill each deficit together without overshooting it. Nothing moves unless every live silo reported lately.
/// </summary>
internal static class SessionBalance
{
    public static IReadOnlyList<SessionMove> Plan(string self, IReadOnlyList<SiloLoad> silos, RebalanceOptions options, int limit)
    {
        if (silos.Count < 2 || silos.Any(s => s.Sessions is null) || silos.FirstOrDefault(s => s.Info.Silo == self) is not { } mine)
        {
            return [];
        }

        var fair = FairShare(silos);
        var bound = fair + Math.Max(options.MinExcess, fair * options.Tolerance);
        if (mine.Sessions <= bound || limit <= 0)
        {
            return [];
        }

        var excess = silos.Where(s => s.Sessions > bound).Sum(s => s.Sessions!.Value - fair);
        var share = (mine.Sessions!.Value - fair) / excess;
        var moves = new List<SessionMove>();
        var left = Math.Min(limit, (int)Math.Floor(mine.Sessions!.Value - fair));
        foreach (var target in silos.Where(s => s.Sessions < fair).OrderBy(s => s.Sessions).ThenBy(s => s.Info.Silo, StringComparer.Ordinal))
        {
            var count = Math.Min(left, (int)Math.Round((fair - target.Sessions!.Value) * share, MidpointRounding.AwayFromZero));
            if (count > 0)
            {
                moves.Add(new SessionMove(target.Info.DiscoveryUrl, count));
                left -= count;
            }
        }

        return moves;
    }

    /// <summary>The sessions of all <paramref name="silos"/> over their number (every count known).</summary>
    public static double FairShare(IReadOnlyList<SiloLoad> silos) => (double)silos.Sum(s => s.Sessions!.Value) / silos.Count;
}
