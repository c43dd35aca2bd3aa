using Mesh.ProxyAgent.ControlPlane;

namespace Mesh.ProxyAgent.Tests.ControlPlane;

public sealed class SiloDirectoryTests
{
    private static readonly Uri Configured1 = new("http://127.0.0.1:15010/");
    private static readonly Uri Configured2 = new("http://127.0.0.1:15011/");
    private static readonly Uri Reported1 = new("http://127.0.0.1:15012/");
    private static readonly Uri Reported2 = new("http://127.0.0.1:15013/");
    private static readonly Uri Reported3 = new("http://127.0.0.1:15014/");

    [Fact]
    public void Advance_ThroughEveryKnownSilo_WrapsAround()
    {
        var silos = new SiloDirectory([new Uri("http://127.0.0.1:15010"), new Uri("http://127.0.0.1:15011")]);
        var seen = new List<int>();
        for (var i = 0; i < 4; i++)
        {
            seen.Add(silos.Current.Port);
            silos.Advance();
        }

        Assert.Equal([15010, 15011, 15010, 15011], seen);
    }

    [Fact]
    public void Replace_ReportedUrls_KeepsTheConfiguredFirstAndAddsOnlyValidHttpOnes()
    {
        var silos = new SiloDirectory([Configured1, Configured2]);

        var (added, removed) = silos.Replace(
            ["http://127.0.0.1:15012", "http://127.0.0.1:15010", "not a url", "ftp://127.0.0.1:15013", "/relative", "http://127.0.0.1:15012/"]);

        Assert.Equal([Reported1], added);
        Assert.Empty(removed);
        Assert.Equal([Configured1, Configured2, Reported1], silos.Known);
        Assert.Equal(Configured1, silos.Current);
    }

    [Fact]
    public void Replace_LaterList_DropsDepartedReportedSilosButNeverConfiguredOnes()
    {
        var silos = new SiloDirectory([Configured1]);
        silos.Replace([Configured1.AbsoluteUri, Reported1.AbsoluteUri, Reported2.AbsoluteUri]);

        var (added, removed) = silos.Replace([Reported2.AbsoluteUri, Reported3.AbsoluteUri]);

        Assert.Equal([Reported3], added);
        Assert.Equal([Reported1], removed);
        Assert.Equal([Configured1, Reported2, Reported3], silos.Known);
    }

    [Fact]
    public void Replace_CurrentStillKnown_StaysCurrentWhereverItNowIs()
    {
        var silos = new SiloDirectory([Configured1]);
        silos.Replace([Reported1.AbsoluteUri, Reported2.AbsoluteUri]);
        silos.Advance();
        silos.Advance();
        Assert.Equal(Reported2, silos.Current);

        silos.Replace([Reported2.AbsoluteUri, Reported3.AbsoluteUri]);

        Assert.Equal(Reported2, silos.Current);
        silos.Advance();
        Assert.Equal(Reported3, silos.Current);
    }

    [Fact]
    public void Replace_CurrentDeparted_ItsSuccessorBecomesCurrent()
    {
        var silos = new SiloDirectory([Configured1]);
        silos.Replace([Reported1.AbsoluteUri, Reported2.AbsoluteUri]);
        silos.Advance();
        Assert.Equal(Reported1, silos.Current);

        silos.Replace([Reported2.AbsoluteUri]);

        Assert.Equal(Reported2, silos.Current);
    }

    [Fact]
    public void Replace_LastSiloDeparted_RotationWrapsToTheFirst()
    {
        var silos = new SiloDirectory([Configured1]);
        silos.Replace([Reported1.AbsoluteUri, Reported2.AbsoluteUri]);
        silos.Advance();
        silos.Advance();
        Assert.Equal(Reported2, silos.Current);

        silos.Replace([]);

        Assert.Equal([Configured1], silos.Known);
        Assert.Equal(Configured1, silos.Current);
        silos.Advance();
        Assert.Equal(Configured1, silos.Current);
    }

    [Fact]
    public void TryMoveTo_UnknownUrl_AddsItAndMakesItCurrent()
    {
        var silos = new SiloDirectory([Configured1]);
        silos.Replace([Reported1.AbsoluteUri]);

        Assert.True(silos.TryMoveTo("http://127.0.0.1:15014"));

        Assert.Equal(Reported3, silos.Current);
        Assert.Equal([Configured1, Reported1, Reported3], silos.Known);
        silos.Advance();
        Assert.Equal(Configured1, silos.Current);
    }

    [Fact]
    public void TryMoveTo_KnownUrl_MakesItCurrentWithoutAddingIt()
    {
        var silos = new SiloDirectory([Configured1, Configured2]);
        silos.Replace([Reported1.AbsoluteUri]);

        Assert.True(silos.TryMoveTo("http://127.0.0.1:15011"));

        Assert.Equal(Configured2, silos.Current);
        Assert.Equal([Configured1, Configured2, Reported1], silos.Known);
    }

    [Fact]
    public void TryMoveTo_NotAnHttpUrl_ChangesNothing()
    {
        var silos = new SiloDirectory([Configured1, Configured2]);
        silos.Advance();

        Assert.False(silos.TryMoveTo("silo-3:11111"));
        Assert.False(silos.TryMoveTo(""));

        Assert.Equal(Configured2, silos.Current);
        Assert.Equal([Configured1, Configured2], silos.Known);
    }

    [Fact]
    public void Constructor_NoSilos_Throws() => Assert.Throws<ArgumentException>(() => new SiloDirectory([]));
}
