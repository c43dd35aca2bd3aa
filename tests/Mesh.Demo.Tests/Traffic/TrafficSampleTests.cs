using Mesh.Demo.Traffic;

namespace Mesh.Demo.Tests.Traffic;

public sealed class TrafficSampleTests
{
    private static readonly DateTimeOffset At = new(2026, 1, 2, 12, 0, 1, TimeSpan.Zero);

    [Fact]
    public void Between_TwoReads_CountsOnlyWhatHappenedInBetween()
    {
        var before = new FrontendStats(100, 2, new Dictionary<string, long> { ["v1"] = 90, ["v2"] = 8 });
        var after = new FrontendStats(150, 3, new Dictionary<string, long> { ["v1"] = 130, ["v2"] = 17 });

        var sample = TrafficSample.Between(before, after, TimeSpan.FromSeconds(1));

        Assert.Equal(50, sample.Requests);
        Assert.Equal(1, sample.Failed);
        Assert.Equal(new Dictionary<string, long> { ["v1"] = 40, ["v2"] = 9 }, sample.ByVersion);
        Assert.Equal(50.0, sample.RequestsPerSecond);
    }

    [Fact]
    public void Between_VersionAppearingLater_CountsFromZero()
    {
        var before = new FrontendStats(10, 0, new Dictionary<string, long> { ["v1"] = 10 });
        var after = new FrontendStats(20, 0, new Dictionary<string, long> { ["v1"] = 15, ["v2"] = 5 });

        Assert.Equal(new Dictionary<string, long> { ["v1"] = 5, ["v2"] = 5 }, TrafficSample.Between(before, after, TimeSpan.FromSeconds(2)).ByVersion);
    }

    [Fact]
    public void Format_Split_ShowsRateCountsSharesOfSuccessesAndFailures()
    {
        var sample = new TrafficSample(TimeSpan.FromSeconds(1), 50, 2, new Dictionary<string, long> { ["v1"] = 36, ["v2"] = 12 });

        Assert.Equal("12:00:01  frontend → backend   50 req/s  v1  36 ( 75%)  v2  12 ( 25%)  failed 2", sample.Format(At, ["v1", "v2"]));
    }

    [Fact]
    public void Format_NoAnswersFromAKnownVersion_StillShowsItAtZero()
    {
        var sample = new TrafficSample(TimeSpan.FromSeconds(1), 50, 0, new Dictionary<string, long> { ["v2"] = 50 });

        Assert.Equal("12:00:01  frontend → backend   50 req/s  v1   0 (  0%)  v2  50 (100%)  failed 0", sample.Format(At, ["v1", "v2"]));
    }
}
