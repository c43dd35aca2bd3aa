namespace Mesh.Silo.Cluster;

/// <summary>
/// How silos even out their proxy sessions (<c>Mesh:Rebalance:*</c>). Every <see cref="Period"/> each silo reports its
/// session count and, when it holds more than its fair share by more than the tolerance, tells some of its proxies
/// to move to the silos below it, at most <see cref="MovesPerSecond"/>.
/// </summary>
internal sealed record RebalanceOptions
{
    /// <summary>How often a silo reports its sessions and looks at the others' (also how soon proxies hear of a silo that joined or left).</summary>
    public TimeSpan Period { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>The most proxies one silo tells to move per second; 0 turns rebalancing off.</summary>
    public int MovesPerSecond { get; init; } = 20;

    /// <summary>A silo sheds sessions only when it holds more than the fair share by this fraction of it (and by <see cref="MinExcess"/>).</summary>
    public double Tolerance { get; init; } = 0.1;

    /// <summary>The smallest excess worth moving proxies for.</summary>
    public int MinExcess { get; init; } = 2;

    /// <summary>A session younger than this is not moved (a proxy that just connected or moved stays put).</summary>
    public TimeSpan MinSessionAge { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>How long a proxy told to move has before the silo ends its session itself (a proxy that ignores Move).</summary>
    public TimeSpan MoveGrace { get; init; } = TimeSpan.FromSeconds(10);

    public bool Enabled => MovesPerSecond > 0;

    public static RebalanceOptions From(IConfiguration configuration)
    {
        var defaults = new RebalanceOptions();
        var section = configuration.GetSection("Mesh:Rebalance");
        var options = new RebalanceOptions
        {
            Period = section.GetValue("Period", defaults.Period),
            MovesPerSecond = section.GetValue("MovesPerSecond", defaults.MovesPerSecond),
            Tolerance = section.GetValue("Tolerance", defaults.Tolerance),
            MinExcess = section.GetValue("MinExcess", defaults.MinExcess),
            MinSessionAge = section.GetValue("MinSessionAge", defaults.MinSessionAge),
            MoveGrace = section.GetValue("MoveGrace", defaults.MoveGrace),
        };
        if (options.Period <= TimeSpan.Zero || options.MovesPerSecond < 0 || options.Tolerance < 0 || options.MinExcess < 1 || options.MinSessionAge < TimeSpan.Zero || options.MoveGrace <= TimeSpan.Zero)
        {
            throw new InvalidOperationException(
                "Mesh:Rebalance: Period and MoveGrace must be positive, MovesPerSecond, Tolerance and MinSessionAge at least 0, MinExcess at least 1");
        }

        return options;
    }
}
