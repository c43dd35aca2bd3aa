using Mesh.ProxyAgent.Resilience;
using Microsoft.Extensions.Time.Testing;
using static Mesh.ProxyAgent.Tests.Infrastructure.TestEndpoints;

namespace Mesh.ProxyAgent.Tests.Resilience;

public sealed class OutlierDetectorTests
{
    private static readonly TimeSpan Base = TimeSpan.FromSeconds(30);
    private readonly FakeTimeProvider _time = new();

    /// <summary>The policy (5 in a row, 30 s, 50%), without forgiveness unless a test asks for it.</summary>
    private OutlierDetector Detector(int endpoints, int maxEjectionPercent = 50, TimeSpan? interval = null)
    {
        var detector = new OutlierDetector(
            new OutlierDetectionOptions
            {
                Consecutive5xx = 5,
                BaseEjectionTime = Base,
                MaxEjectionPercent = maxEjectionPercent,
                Interval = interval ?? TimeSpan.Zero,
            },
            _time);
        detector.UpdateEndpoints(Endpoints(endpoints).Select(e => e.Id));
        return detector;
    }

    /// <summary>Reports <paramref name="count"/> failures and returns whether the last one ejected.</summary>
    private static bool Fail(OutlierDetector detector, string id, int count = 5)
    {
        var ejected = false;
        for (var i = 0; i < count; i++)
        {
            ejected = detector.ReportFailure(id);
        }

        return ejected;
    }

    [Fact]
    public void ReportFailure_FifthConsecutive_EjectsOnIt()
    {
        var detector = Detector(4);

        Assert.False(Fail(detector, "e0", 4));
        Assert.False(detector.IsEjected("e0"));
        Assert.True(detector.ReportFailure("e0"));
        Assert.True(detector.IsEjected("e0"));
    }

    [Fact]
    public void ReportSuccess_BetweenFailures_StartsTheCountAgain()
    {
        var detector = Detector(4);
        Fail(detector, "e0", 4);

        detector.ReportSuccess("e0");

        Assert.False(Fail(detector, "e0", 4));
        Assert.True(detector.ReportFailure("e0"));
    }

    [Fact]
    public void IsEjected_BaseEjectionTimePassed_EndpointIsBack()
    {
        var detector = Detector(4);
        Fail(detector, "e0");

        _time.Advance(Base - TimeSpan.FromTicks(1));
        Assert.True(detector.IsEjected("e0"));
        _time.Advance(TimeSpan.FromTicks(1));

        Assert.False(detector.IsEjected("e0"));
    }

    [Fact]
    public void ReportFailure_RepeatOffender_EjectedForBaseTimesItsEjections()
    {
        var detector = Detector(4);
        Fail(detector, "e0");
        _time.Advance(Base);

        Assert.True(Fail(detector, "e0"));
        _time.Advance((2 * Base) - TimeSpan.FromTicks(1));
        Assert.True(detector.IsEjected("e0"));
        _time.Advance(TimeSpan.FromTicks(1));
        Assert.False(detector.IsEjected("e0"));

        Assert.True(Fail(detector, "e0"));
        _time.Advance((3 * Base) - TimeSpan.FromTicks(1));
        Assert.True(detector.IsEjected("e0"));
    }

    [Fact]
    public void ReportFailure_ManyEjections_LastNoLongerThanMaxEjectionTime()
    {
        var detector = new OutlierDetector(
            new OutlierDetectionOptions { Consecutive5xx = 1, BaseEjectionTime = Base, MaxEjectionPercent = 50, MaxEjectionTime = TimeSpan.FromSeconds(100), Interval = TimeSpan.Zero },
            _time);
        detector.UpdateEndpoints(["e0", "e1"]);
        for (var i = 0; i < 4; i++)
        {
            detector.ReportFailure("e0");
            _time.Advance(TimeSpan.FromSeconds(100));
        }

        // The fifth ejection would be 150 s; it is cut to 100 s.
        detector.ReportFailure("e0");
        _time.Advance(TimeSpan.FromSeconds(100));

        Assert.False(detector.IsEjected("e0"));
    }

    [Fact]
    public void ReportFailure_AfterIntervalsServedWell_PastEjectionsAreForgiven()
    {
        var detector = Detector(4, interval: TimeSpan.FromSeconds(10));
        Fail(detector, "e0");
        _time.Advance(Base);
        Fail(detector, "e0");
        _time.Advance(2 * Base);

        // Two full intervals back in service forgive both ejections: the next one is a first again.
        _time.Advance(TimeSpan.FromSeconds(20));
        Fail(detector, "e0");
        _time.Advance(Base);

        Assert.False(detector.IsEjected("e0"));
    }

    [Fact]
    public void ReportFailure_AfterOneIntervalServedWell_OnePastEjectionIsForgiven()
    {
        var detector = Detector(4, interval: TimeSpan.FromSeconds(10));
        Fail(detector, "e0");
        _time.Advance(Base);
        Fail(detector, "e0");
        _time.Advance(2 * Base);

        _time.Advance(TimeSpan.FromSeconds(19));
        Fail(detector, "e0");

        // Forgiven down to 1, so this is the second ejection: 60 s.
        _time.Advance((2 * Base) - TimeSpan.FromTicks(1));
        Assert.True(detector.IsEjected("e0"));
    }

    [Fact]
    public void ReportFailure_WhileEjected_IsIgnored()
    {
        var detector = Detector(4);
        Fail(detector, "e0");

        Assert.False(Fail(detector, "e0", 10));
        _time.Advance(Base);

        Assert.False(detector.IsEjected("e0"));
        Assert.False(Fail(detector, "e0", 4));
    }

    [Fact]
    public void ReportFailure_MaxEjectionPercentReached_EjectsNoMoreUntilOneReturns()
    {
        var detector = Detector(4, maxEjectionPercent: 50);
        Assert.True(Fail(detector, "e0"));
        _time.Advance(TimeSpan.FromSeconds(10));
        Assert.True(Fail(detector, "e1"));

        Assert.False(Fail(detector, "e2"));
        Assert.False(detector.IsEjected("e2"));

        // e0 returns 30 s after its ejection; the failure count of e2 went on, so its next failure ejects it.
        _time.Advance(TimeSpan.FromSeconds(20));
        Assert.True(detector.ReportFailure("e2"));
    }

    [Theory]
    [InlineData(1, 100, 0)]
    [InlineData(2, 100, 1)]
    [InlineData(3, 50, 1)]
    [InlineData(10, 10, 1)]
    [InlineData(9, 10, 0)]
    [InlineData(4, 0, 0)]
    public void ReportFailure_EveryEndpointFailing_EjectsAtMostThePercentRoundedDownAndNeverAll(int endpoints, int percent, int expected)
    {
        var detector = Detector(endpoints, maxEjectionPercent: percent);

        var ejected = Endpoints(endpoints).Count(e => Fail(detector, e.Id));

        Assert.Equal(expected, ejected);
    }

    [Fact]
    public void Available_NothingEjected_IsTheSameList()
    {
        var endpoints = Endpoints(3);
        var detector = Detector(3);

        Assert.Same(endpoints, detector.Available(endpoints));
    }

    [Fact]
    public void Available_OneEjected_LeavesItOutUntilItReturns()
    {
        var endpoints = Endpoints(3);
        var detector = Detector(3);
        Fail(detector, "e1");

        Assert.Equal(["e0", "e2"], detector.Available(endpoints).Select(e => e.Id));
        _time.Advance(Base);
        Assert.Equal(["e0", "e1", "e2"], detector.Available(endpoints).Select(e => e.Id));
    }

    [Fact]
    public void Available_EveryGivenEndpointEjected_FailsOpenWithTheWholeList()
    {
        var endpoints = Endpoints(4);
        var detector = Detector(4);
        Fail(detector, "e3");
        var subset = new[] { endpoints[3] };

        Assert.Same(subset, detector.Available(subset));
    }

    [Fact]
    public void UpdateEndpoints_NewVersion_KeepsEjectionsOfStayingEndpointsAndForgetsTheRest()
    {
        var detector = Detector(4);
        Fail(detector, "e0");
        Fail(detector, "e1", 4);

        detector.UpdateEndpoints(["e0", "e2", "e3", "e4"]);

        Assert.True(detector.IsEjected("e0"));
        Assert.False(detector.ReportFailure("e1"));
        Assert.False(Fail(detector, "e4", 4));
        Assert.True(detector.ReportFailure("e4"));
    }

    [Fact]
    public void ReportFailure_UnknownEndpoint_IsIgnored()
    {
        var detector = Detector(4);

        Assert.False(Fail(detector, "stranger", 10));
        Assert.False(detector.IsEjected("stranger"));
    }
}
