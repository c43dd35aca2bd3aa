namespace Mesh.ProxyAgent.LoadBalancing;

/// <summary>Weighted choice over integer weights that sum to 100 (checked when a config is compiled).</summary>
internal static class WeightedPick
{
    /// <summary>The number of equally likely rolls: one per unit of weight.</summary>
    public const int Total = 100;

    /// <summary>
    /// The index whose share of <c>[0, 100)</c> contains <paramref name="roll"/>. Each index owns exactly its weight
    /// of the 100 rolls, so a weight of 0 is never picked and a weight of 100 always is.
    /// </summary>
    public static int Pick(ReadOnlySpan<int> weights, int roll)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(roll);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(roll, Total);
        var upper = 0;
        for (var i = 0; i < weights.Length; i++)
        {
            upper += weights[i];
            if (roll < upper)
            {
                return i;
            }
        }

        throw new ArgumentException($"weights sum to {upper}, not {Total}", nameof(weights));
    }
}
