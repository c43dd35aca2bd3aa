using Mesh.ProxyAgent.Resilience;

namespace Mesh.ProxyAgent.Tests.Resilience;

public sealed class CircuitBreakersTests
{
    [Fact]
    public void For_SameLimits_KeepsTheLimiterAcrossPushes()
    {
        var breakers = new CircuitBreakers();

        Assert.Same(breakers.For("svc-b", new CircuitBreakerLimits(10, 5)), breakers.For("svc-b", new CircuitBreakerLimits(10, 5)));
    }

    [Fact]
    public void For_ChangedLimits_ReplacesTheLimiter()
    {
        var breakers = new CircuitBreakers();
        var first = breakers.For("svc-b", new CircuitBreakerLimits(10, 5));

        var second = breakers.For("svc-b", new CircuitBreakerLimits(20, 0));

        Assert.NotSame(first, second);
        Assert.Equal((20, 0), (second.MaxConcurrentRequests, second.MaxPendingRequests));
        Assert.Same(second, breakers.For("svc-b", new CircuitBreakerLimits(20, 0)));
    }
}
