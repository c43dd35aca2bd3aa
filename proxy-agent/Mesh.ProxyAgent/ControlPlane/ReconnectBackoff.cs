namespace Mesh.ProxyAgent.ControlPlane;

/// <summary>Exponential reconnect delays with "equal jitter": half fixed, half random, so proxies spread out.</summary>
internal static class ReconnectBackoff
{
    /// <param name="attempt">0 for the first retry after a session that was established.</param>
    /// <param name="jitter">A random number in [0, 1).</param>
    public static TimeSpan Delay(int attempt, double jitter, TimeSpan initial, TimeSpan max)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(attempt);
        var exponential = initial * Math.Pow(2, Math.Min(attempt, 30));
        var ceiling = exponential < max ? exponential : max;
        return ceiling / 2 + ceiling / 2 * Math.Clamp(jitter, 0, 1);
    }
}
