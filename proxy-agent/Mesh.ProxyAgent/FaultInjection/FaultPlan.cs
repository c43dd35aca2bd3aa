namespace Mesh.ProxyAgent.FaultInjection;

/// <summary>
/// A route's <c>fault</c>: delay <see cref="DelayPercent"/> of its requests by <see cref="FixedDelay"/>, and abort
/// <see cref="AbortPercent"/> of them with <see cref="AbortStatus"/>, each chosen independently per request (so about
/// DelayPercent × AbortPercent / 100 % get both). Immutable and thread-safe given a thread-safe random source.
/// </summary>
internal sealed class FaultPlan
{
    /// <param name="delayPercent">0 to 100; 0 for no delay.</param>
    /// <param name="fixedDelay">How long a delayed request waits; zero or more.</param>
    /// <param name="abortPercent">0 to 100; 0 for no abort.</param>
    /// <param name="abortStatus">The status an aborted request is answered with, 200 to 599.</param>
    public FaultPlan(double delayPercent, TimeSpan fixedDelay, double abortPercent, int abortStatus)
    {
        CheckPercent(delayPercent, nameof(delayPercent));
        CheckPercent(abortPercent, nameof(abortPercent));
        ArgumentOutOfRangeException.ThrowIfLessThan(fixedDelay, TimeSpan.Zero);
        if (abortPercent > 0)
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(abortStatus, 200);
            ArgumentOutOfRangeException.ThrowIfGreaterThan(abortStatus, 599);
        }

        DelayPercent = delayPercent;
        FixedDelay = fixedDelay;
        AbortPercent = abortPercent;
        AbortStatus = abortStatus;
    }

    /// <summary>The share of requests delayed, 0 to 100.</summary>
    public double DelayPercent { get; }

    /// <summary>How long a delayed request waits.</summary>
    public TimeSpan FixedDelay { get; }

    /// <summary>The share of requests aborted, 0 to 100.</summary>
    public double AbortPercent { get; }

    /// <summary>The status of an aborted request (unchecked when <see cref="AbortPercent"/> is 0).</summary>
    public int AbortStatus { get; }

    /// <summary>
    /// The faults for one request. Draws from <paramref name="random"/> only for a fault with a percent strictly between
    /// 0 and 100, the delay's draw first, so a seeded source gives a reproducible sequence. Each fault applies when
    /// <c>NextDouble() × 100 &lt; percent</c>: with probability exactly percent / 100.
    /// </summary>
    /// <param name="random">Pass <see cref="Random.Shared"/> in the proxy; a seeded <see cref="Random"/> is not thread-safe.</param>
    public FaultDecision Decide(Random random)
    {
        ArgumentNullException.ThrowIfNull(random);
        var delay = Happens(DelayPercent, random) && FixedDelay > TimeSpan.Zero ? FixedDelay : TimeSpan.Zero;
        int? abort = Happens(AbortPercent, random) ? AbortStatus : null;
        return new FaultDecision(delay, abort);
    }

    private static bool Happens(double percent, Random random) => percent switch
    {
        <= 0 => false,
        >= 100 => true,
        _ => random.NextDouble() * 100 < percent,
    };

    private static void CheckPercent(double percent, string name)
    {
        if (double.IsNaN(percent) || percent is < 0 or > 100)
        {
            throw new ArgumentOutOfRangeException(name, percent, "must be from 0 to 100");
        }
    }
}
