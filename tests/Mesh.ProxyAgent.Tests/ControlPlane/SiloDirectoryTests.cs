using Mesh.ProxyAgent.ControlPlane;

namespace Mesh.ProxyAgent.Tests.ControlPlane;

public sealed class SiloDirectoryTests
{
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
    public void Merge_ReportedUrls_AddsOnlyNewValidOnes()
    {
        var silos = new SiloDirectory([new Uri("http://127.0.0.1:15010")]);

        var added = silos.Merge(["http://127.0.0.1:15010/", "http://127.0.0.1:15012", "not a url", "http://127.0.0.1:15012"]);

        Assert.Equal(1, added);
        Assert.Equal([new Uri("http://127.0.0.1:15010"), new Uri("http://127.0.0.1:15012")], silos.Known);
        silos.Advance();
        Assert.Equal(15012, silos.Current.Port);
    }

    [Fact]
    public void Constructor_NoSilos_Throws() => Assert.Throws<ArgumentException>(() => new SiloDirectory([]));
}
