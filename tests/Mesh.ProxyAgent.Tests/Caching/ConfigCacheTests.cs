using Mesh.Protos.Discovery.V1;
using Mesh.ProxyAgent.Caching;
using Mesh.ProxyAgent.Hosting;
using Microsoft.Extensions.Time.Testing;
using static Mesh.ProxyAgent.Tests.Infrastructure.TestConfigs;

namespace Mesh.ProxyAgent.Tests.Caching;

public sealed class ConfigCacheTests : IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("mesh-cache-test-");
    private readonly FakeTimeProvider _time = new(DateTimeOffset.UtcNow);
    private readonly ListLogger<ConfigCache> _log = new();
    private readonly ConfigCache _cache;

    public ConfigCacheTests() => _cache = new ConfigCache(Options(_dir.FullName), _time, _log);

    public void Dispose() => _dir.Delete(recursive: true);

    private static ProxyAgentOptions Options(string? cacheDir) =>
        new() { ControlPlane = [new Uri("http://127.0.0.1:15010")], Service = "svc-a", ProxyId = "svc-a-1", CacheDir = cacheDir };

    private static ServiceConfig Config(long version, int endpoints = 1)
    {
        var config = Service("svc-b", version, Split("default", ("v1", 100))).WithSubsets("v1");
        for (var i = 0; i < endpoints; i++)
        {
            config.WithEndpoint($"b-{i}", $"http://127.0.0.1:{9000 + i}", "v1");
        }

        return config;
    }

    [Fact]
    public void Write_ThenRead_GivesTheConfigBack_AndLeavesOnlyTheServicesFile()
    {
        Assert.True(_cache.Write(Config(3)));

        Assert.Equal(Config(3), _cache.Read("svc-b"));
        Assert.Equal(["svc-b.config"], _dir.GetFiles().Select(f => f.Name));
        Assert.Empty(_log.Warnings);
    }

    [Fact]
    public void Write_IntoADirectoryNotYetThere_CreatesIt()
    {
        var cache = new ConfigCache(Options(Path.Combine(_dir.FullName, "a", "b")), _time, _log);

        Assert.True(cache.Write(Config(1)));

        Assert.Equal(1, cache.Read("svc-b")!.Version);
    }

    [Fact]
    public void Write_NewerVersion_ReplacesTheOlder()
    {
        _cache.Write(Config(3));

        _cache.Write(Config(4, endpoints: 2));

        Assert.Equal(Config(4, endpoints: 2), _cache.Read("svc-b"));
    }

    [Fact]
    public async Task Write_WhileAnotherThreadReads_TheReaderNeverSeesATornFile()
    {
        // Large enough that a write is many syscalls: a non-atomic replace would be caught half-written.
        _cache.Write(Config(1, endpoints: 2000));
        using var done = new CancellationTokenSource();
        var reads = 0;
        var reading = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var reader = Task.Run(() =>
        {
            var last = 0L;
            while (!done.IsCancellationRequested)
            {
                var config = _cache.Read("svc-b");
                Assert.NotNull(config);
                Assert.True(config.Version >= last, $"version {config.Version} read after {last}");
                Assert.Equal(2000, config.Endpoints.Count);
                last = config.Version;
                reads++;
                reading.TrySetResult();
            }
        });

        // On a busy machine the reader may start late: the writes begin once it reads, so they overlap its reads.
        await reading.Task.WaitAsync(TimeSpan.FromSeconds(30));

        for (var version = 2; version <= 100; version++)
        {
            Assert.True(_cache.Write(Config(version, endpoints: 2000)));
        }

        await done.CancelAsync();
        await reader;
        Assert.True(reads > 0);
        Assert.Equal(100, _cache.Read("svc-b")!.Version);
        Assert.Empty(_log.Warnings);
    }

    [Theory]
    [InlineData("garbage")]
    [InlineData("empty")]
    [InlineData("truncated")]
    [InlineData("bit-flipped")]
    public void Read_CorruptFile_IsIgnoredAndLogged(string damage)
    {
        _cache.Write(Config(3));
        var path = _cache.PathOf("svc-b");
        var bytes = File.ReadAllBytes(path);
        File.WriteAllBytes(path, damage switch
        {
            "garbage" => "not a config at all"u8.ToArray(),
            "empty" => [],
            "truncated" => bytes[..(bytes.Length / 2)],
            _ => [.. bytes[..^1], (byte)(bytes[^1] ^ 1)],
        });

        Assert.Null(_cache.Read("svc-b"));
        var warning = Assert.Single(_log.Warnings);
        Assert.StartsWith($"Ignoring the cached config of svc-b in {path}: ", warning, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_FileHoldingAnotherServicesConfig_IsIgnored()
    {
        _cache.Write(Config(3));
        File.Move(_cache.PathOf("svc-b"), _cache.PathOf("svc-c"));

        Assert.Null(_cache.Read("svc-c"));
        Assert.EndsWith("it holds the config of 'svc-b'", Assert.Single(_log.Warnings), StringComparison.Ordinal);
    }

    [Fact]
    public void Read_NothingCached_IsNullWithoutAWarning()
    {
        Assert.Null(_cache.Read("svc-b"));
        Assert.Empty(_log.Warnings);
    }

    [Fact]
    public void WriteAndRead_WithoutCacheDir_DoNothing()
    {
        var cache = new ConfigCache(Options(null), _time, _log);

        Assert.False(cache.Enabled);
        Assert.False(cache.Write(Config(1)));
        Assert.Null(cache.Read("svc-b"));
    }

    [Fact]
    public void RemoveLeftovers_DeletesTemporaryFilesOlderThanAMinute_AndNothingElse()
    {
        _cache.Write(Config(3));
        var crashed = Path.Combine(_dir.FullName, ".svc-b.0123456789abcdef.tmp");
        var writing = Path.Combine(_dir.FullName, ".svc-c.fedcba9876543210.tmp");
        File.WriteAllBytes(crashed, [1, 2, 3]);
        File.WriteAllBytes(writing, [1, 2, 3]);
        File.SetLastWriteTimeUtc(crashed, _time.GetUtcNow().UtcDateTime - TimeSpan.FromMinutes(2));
        File.SetLastWriteTimeUtc(writing, _time.GetUtcNow().UtcDateTime - TimeSpan.FromSeconds(10));

        _cache.RemoveLeftovers();

        Assert.Equal([".svc-c.fedcba9876543210.tmp", "svc-b.config"], _dir.GetFiles().Select(f => f.Name).Order(StringComparer.Ordinal));
    }
}
