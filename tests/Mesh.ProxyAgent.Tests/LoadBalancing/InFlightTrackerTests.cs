using Mesh.ProxyAgent.LoadBalancing;

namespace Mesh.ProxyAgent.Tests.LoadBalancing;

public sealed class InFlightTrackerTests
{
    [Fact]
    public void Start_TwoLeases_CountsTwoUntilEachIsDisposed()
    {
        var tracker = new InFlightTracker();

        var first = tracker.Start("e0");
        var second = tracker.Start("e0");
        Assert.Equal(2, tracker.Count("e0"));
        first.Dispose();
        Assert.Equal(1, tracker.Count("e0"));
        second.Dispose();

        Assert.Equal(0, tracker.Count("e0"));
    }

    [Fact]
    public void Dispose_Twice_CountsOnce()
    {
        var tracker = new InFlightTracker();
        _ = tracker.Start("e0");
        var lease = tracker.Start("e0");

        lease.Dispose();
        lease.Dispose();

        Assert.Equal(1, tracker.Count("e0"));
    }

    [Fact]
    public void Count_UnknownEndpoint_IsZero() => Assert.Equal(0, new InFlightTracker().Count("nobody"));

    [Fact]
    public async Task Start_ConcurrentLeasesStartedAndEnded_CountReturnsToZero()
    {
        var tracker = new InFlightTracker();

        await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() =>
        {
            for (var i = 0; i < 10_000; i++)
            {
                using var lease = tracker.Start("e0");
            }
        })));

        Assert.Equal(0, tracker.Count("e0"));
    }

    [Fact]
    public void Prune_GoneEndpoints_ForgetsIdleOnesAndKeepsBusyOnes()
    {
        var tracker = new InFlightTracker();
        tracker.Start("gone-idle").Dispose();
        using var busy = tracker.Start("gone-busy");
        using var live = tracker.Start("live");

        tracker.Prune(new HashSet<string>(["live"]));

        Assert.Equal(2, tracker.TrackedEndpoints);
        Assert.Equal(1, tracker.Count("gone-busy"));
        Assert.Equal(1, tracker.Count("live"));
    }
}
