using Mesh.Protos.Discovery.V1;
using Mesh.ProxyAgent.RateLimiting;
using Mesh.ProxyAgent.Routing;
using Microsoft.Extensions.Time.Testing;
using static Mesh.ProxyAgent.Tests.Infrastructure.TestConfigs;

namespace Mesh.ProxyAgent.Tests.RateLimiting;

public sealed class InboundRateLimiterTests
{
    private readonly FakeTimeProvider _time = new();

    private static AgentServiceSnapshot Own(long version, RateLimit? limit, int healthy, int unhealthy = 0)
    {
        var config = Service("svc-a", version);
        for (var i = 0; i < healthy + unhealthy; i++)
        {
            config.WithEndpoint($"a-{i}", $"http://10.0.0.{i + 1}:8080", healthy: i < healthy);
        }

        config.Policy = limit is null ? null : new ServicePolicy { RateLimit = limit };
        return AgentConfigCompiler.Compile(config, DefaultGuard).Snapshot!;
    }

    private static int TakeAll(InboundRateLimiter limiter, AgentServiceSnapshot? own)
    {
        var taken = 0;
        while (limiter.TryTake(own).Allowed)
        {
            taken++;
        }

        return taken;
    }

    [Fact]
    public void TryTake_NoConfigOrNoLimit_AdmitsEverything()
    {
        var limiter = new InboundRateLimiter(_time);
        var unlimited = Own(1, null, healthy: 1);

        for (var i = 0; i < 1000; i++)
        {
            Assert.True(limiter.TryTake(null).Allowed);
            Assert.True(limiter.TryTake(unlimited).Allowed);
        }
    }

    [Fact]
    public void TryTake_InstanceScope_AdmitsTheBurstThenRefusesWithRetryAfter()
    {
        var limiter = new InboundRateLimiter(_time);
        var own = Own(1, new RateLimit { RequestsPerSecond = 2, Burst = 5, Scope = "instance" }, healthy: 4);

        Assert.Equal(5, TakeAll(limiter, own));

        var refused = limiter.TryTake(own);
        Assert.Equal(new TokenBucketResult(false, TimeSpan.FromMilliseconds(500)), refused);
        Assert.Equal(1, refused.RetryAfterSeconds);
    }

    [Fact]
    public void TryTake_ServiceScope_AdmitsTheShareOfTheHealthyEndpoints()
    {
        var limiter = new InboundRateLimiter(_time);

        // 3 healthy of 5: ceil(9 / 3) = 3 per second, ceil(7 / 3) = 3 at once.
        var own = Own(1, new RateLimit { RequestsPerSecond = 9, Burst = 7, Scope = "service" }, healthy: 3, unhealthy: 2);

        Assert.Equal(3, TakeAll(limiter, own));
        _time.Advance(TimeSpan.FromMilliseconds(334));
        Assert.Equal(1, TakeAll(limiter, own));
    }

    [Fact]
    public void TryTake_ServiceScopeWithNoHealthyEndpoint_CountsThisInstanceAsOne()
    {
        var limiter = new InboundRateLimiter(_time);

        Assert.Equal(4, TakeAll(limiter, Own(1, new RateLimit { RequestsPerSecond = 10, Burst = 4, Scope = "service" }, healthy: 0, unhealthy: 2)));
    }

    [Fact]
    public void TryTake_HealthyCountChangesWithANewConfig_ReDividesKeepingTheTokensHeld()
    {
        var limiter = new InboundRateLimiter(_time);
        var limit = new RateLimit { RequestsPerSecond = 10, Burst = 4, Scope = "service" };
        Assert.Equal(2, TakeAll(limiter, Own(1, limit, healthy: 2)));

        // One endpoint left: the bucket grows to 10/s and 4, but the tokens already taken are not given back.
        var alone = Own(2, limit, healthy: 1);
        Assert.False(limiter.TryTake(alone).Allowed);
        _time.Advance(TimeSpan.FromMilliseconds(300));

        Assert.Equal(3, TakeAll(limiter, alone));
    }

    [Fact]
    public void TryTake_QuotaChangesWithANewConfig_StartsAFullBucket()
    {
        var limiter = new InboundRateLimiter(_time);
        Assert.Equal(2, TakeAll(limiter, Own(1, new RateLimit { RequestsPerSecond = 1, Burst = 2 }, healthy: 1)));

        Assert.Equal(6, TakeAll(limiter, Own(2, new RateLimit { RequestsPerSecond = 1, Burst = 6 }, healthy: 1)));
    }

    [Fact]
    public void TryTake_OlderSnapshotAfterANewerOne_KeepsTheNewerBucket()
    {
        var limiter = new InboundRateLimiter(_time);
        var older = Own(1, new RateLimit { RequestsPerSecond = 1, Burst = 2 }, healthy: 1);
        var newer = Own(2, new RateLimit { RequestsPerSecond = 1, Burst = 3 }, healthy: 1);
        Assert.Equal(3, TakeAll(limiter, newer));

        Assert.False(limiter.TryTake(older).Allowed);
        Assert.False(limiter.TryTake(newer).Allowed);
    }
}
