namespace Mesh.ProxyAgent.Health;

/// <summary>
/// The threshold state machine of an active health check: the instance starts healthy, turns unhealthy after
/// <c>unhealthyThreshold</c> consecutive failed probes and healthy again after <c>healthyThreshold</c> consecutive
/// successful ones. Not thread-safe: one prober drives it.
/// </summary>
/// <param name="healthy">The state to start from: healthy for a new check; the state in force when a check's settings change.</param>
internal sealed class HealthCheckState(int unhealthyThreshold, int healthyThreshold, bool healthy = true)
{
    private int _failures;
    private int _successes;

    public bool Healthy { get; private set; } = healthy;

    /// <summary>Records one probe; true when it changed <see cref="Healthy"/>.</summary>
    public bool Record(bool success)
    {
        if (success)
        {
            _failures = 0;
            _successes++;
            if (!Healthy && _successes >= healthyThreshold)
            {
                Healthy = true;
                return true;
            }
        }
        else
        {
            _successes = 0;
            _failures++;
            if (Healthy && _failures >= unhealthyThreshold)
            {
                Healthy = false;
                return true;
            }
        }

        return false;
    }

    /// <summary>Consecutive probes with the latest outcome so far (for the report's detail).</summary>
    public int Streak => Math.Max(_failures, _successes);
}
