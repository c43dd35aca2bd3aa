using Mesh.ProxyAgent.Health;

namespace Mesh.ProxyAgent.Tests.Health;

public sealed class HealthCheckStateTests
{
    [Fact]
    public void Record_FailuresBelowTheThreshold_StayHealthy()
    {
        var state = new HealthCheckState(unhealthyThreshold: 3, healthyThreshold: 2);

        Assert.False(state.Record(false));
        Assert.False(state.Record(false));

        Assert.True(state.Healthy);
        Assert.Equal(2, state.Streak);
    }

    [Fact]
    public void Record_ThresholdOfConsecutiveFailures_TurnsUnhealthyOnce()
    {
        var state = new HealthCheckState(unhealthyThreshold: 3, healthyThreshold: 2);

        Assert.Equal([false, false, true, false], [state.Record(false), state.Record(false), state.Record(false), state.Record(false)]);

        Assert.False(state.Healthy);
    }

    [Fact]
    public void Record_ASuccessBetweenFailures_RestartsTheCount()
    {
        var state = new HealthCheckState(unhealthyThreshold: 2, healthyThreshold: 1);

        state.Record(false);
        state.Record(true);
        state.Record(false);

        Assert.True(state.Healthy);
    }

    [Fact]
    public void Record_UnhealthyThenThresholdOfSuccesses_TurnsHealthyAgain()
    {
        var state = new HealthCheckState(unhealthyThreshold: 1, healthyThreshold: 2);
        Assert.True(state.Record(false));

        Assert.False(state.Record(true));
        Assert.False(state.Healthy);
        Assert.True(state.Record(true));

        Assert.True(state.Healthy);
    }

    [Fact]
    public void Record_StartedUnhealthy_NeedsTheHealthyThreshold()
    {
        var state = new HealthCheckState(unhealthyThreshold: 1, healthyThreshold: 3, healthy: false);

        Assert.Equal([false, false, true], [state.Record(true), state.Record(true), state.Record(true)]);
    }
}
