using Mesh.Model;

namespace Mesh.Grains.Tests;

public sealed class DurationsTests
{
    [Theory]
    [InlineData(null, 0L)]
    [InlineData("250ms", 250L)]
    [InlineData("2s", 2_000L)]
    [InlineData("1m", 60_000L)]
    [InlineData("1h", 3_600_000L)]
    public void ToMilliseconds_AbsentOrValid_Converted(string? text, long expected) =>
        Assert.Equal(expected, Durations.ToMilliseconds(text));

    [Theory]
    [InlineData("")]
    [InlineData("2")]
    [InlineData("1.5s")]
    [InlineData("5d")]
    public void ToMilliseconds_NotADuration_Throws(string text) =>
        Assert.Equal("text", Assert.Throws<ArgumentException>(() => Durations.ToMilliseconds(text)).ParamName);
}
