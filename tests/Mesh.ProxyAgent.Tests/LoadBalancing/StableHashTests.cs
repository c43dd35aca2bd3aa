using System.IO.Hashing;
using System.Text;
using Mesh.ProxyAgent.LoadBalancing;

namespace Mesh.ProxyAgent.Tests.LoadBalancing;

public sealed class StableHashTests
{
    [Fact]
    public void Of_EmptyText_IsXxHash64SeedZeroOfNothing() =>
        // The published XxHash64 of the empty input with seed 0: pins the algorithm, so rings agree across versions.
        Assert.Equal(0xEF46DB3751D8E999UL, StableHash.Of(""));

    [Theory]
    [InlineData("user-42")]
    [InlineData("ünïcödé ✓")]
    public void Of_ShortText_IsTheHashOfItsUtf8Bytes(string text) =>
        Assert.Equal(XxHash64.HashToUInt64(Encoding.UTF8.GetBytes(text)), StableHash.Of(text));

    [Fact]
    public void Of_TextPastTheStackBuffer_IsTheHashOfItsUtf8Bytes()
    {
        var text = string.Concat(Enumerable.Repeat("é-long-key-", 200));

        Assert.Equal(XxHash64.HashToUInt64(Encoding.UTF8.GetBytes(text)), StableHash.Of(text));
    }
}
