using Mesh.Protos.Discovery.V1;
using Mesh.ProxyAgent.Caching;
using static Mesh.ProxyAgent.Tests.Infrastructure.TestConfigs;

namespace Mesh.ProxyAgent.Tests.Caching;

public sealed class CacheFileTests
{
    private static ServiceConfig Config() =>
        Service("svc-b", 7, Split("default", ("v1", 90), ("v2", 10))).WithSubsets("v1", "v2")
            .WithEndpoint("b-1", "http://127.0.0.1:9001", "v1").WithEndpoint("b-2", "http://127.0.0.1:9002", "v2");

    [Fact]
    public void Encode_ThenDecode_GivesTheConfigBack()
    {
        var bytes = CacheFile.Encode(Config());

        Assert.True(CacheFile.TryDecode(bytes, out var config, out var error), error);
        Assert.Equal(Config(), config);
        Assert.Equal("MSHC"u8.ToArray(), bytes[..4]);
        Assert.Equal(CacheFile.HeaderLength + Config().CalculateSize(), bytes.Length);
    }

    [Fact]
    public void TryDecode_EveryTruncation_IsRefused()
    {
        var bytes = CacheFile.Encode(Config());

        for (var length = 0; length < bytes.Length; length++)
        {
            Assert.False(CacheFile.TryDecode(bytes.AsSpan(0, length), out var config, out var error), $"{length} bytes");
            Assert.Null(config);
            Assert.NotEmpty(error);
        }
    }

    [Fact]
    public void TryDecode_AnyPayloadByteChanged_IsRefusedByTheChecksum()
    {
        var bytes = CacheFile.Encode(Config());

        for (var i = CacheFile.HeaderLength; i < bytes.Length; i++)
        {
            var changed = bytes.ToArray();
            changed[i] ^= 0x20;
            Assert.False(CacheFile.TryDecode(changed, out _, out var error), $"byte {i}");
            Assert.Equal("the checksum does not match the config", error);
        }
    }

    [Fact]
    public void TryDecode_AnotherFormat_IsRefusedNamingIt()
    {
        var bytes = CacheFile.Encode(Config());
        bytes[4] = 2;

        Assert.False(CacheFile.TryDecode(bytes, out _, out var error));
        Assert.Equal("format 2 is not the format this agent reads (1)", error);
    }

    [Fact]
    public void TryDecode_NotACacheFile_IsRefused()
    {
        Assert.False(CacheFile.TryDecode("{\"service\":\"svc-b\",\"version\":7}"u8, out _, out var error));
        Assert.Equal("not a Mesh config cache file", error);
    }
}
