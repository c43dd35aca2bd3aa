using Mesh.ProxyAgent.Admin;

namespace Mesh.ProxyAgent.Tests.Admin;

public sealed class DurationTextTests
{
    [Theory]
    [InlineData(0, "0ms")]
    [InlineData(500, "500ms")]
    [InlineData(1500, "1500ms")]
    [InlineData(2000, "2s")]
    [InlineData(60_000, "1m")]
    [InlineData(90_000, "90s")]
    [InlineData(7_200_000, "2h")]
    public void Format_Milliseconds_UsesTheLargestExactUnit(long milliseconds, string expected) =>
        Assert.Equal(expected, DurationText.Format(TimeSpan.FromMilliseconds(milliseconds)));
}
