using Mesh.ProxyAgent.Resilience;

namespace Mesh.ProxyAgent.Tests.Resilience;

public sealed class ConcurrencyLimiterTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(5);

    [Fact]
    public async Task AcquireAsync_UnderTheLimit_AcquiresAtOnce()
    {
        using var limiter = new ConcurrencyLimiter(2, 1);

        var lease = limiter.AcquireAsync(CancellationToken.None).AsTask();

        Assert.True(lease.IsCompletedSuccessfully);
        Assert.True((await lease).IsAcquired);
        Assert.Equal(1, limiter.InFlight);
    }

    [Fact]
    public async Task AcquireAsync_AllSlotsTaken_WaitsUntilOneIsFreed()
    {
        using var limiter = new ConcurrencyLimiter(1, 1);
        var held = await limiter.AcquireAsync(CancellationToken.None);

        var waiting = limiter.AcquireAsync(CancellationToken.None).AsTask();
        Assert.False(waiting.IsCompleted);
        Assert.Equal(1, limiter.Pending);
        held.Dispose();

        var lease = await waiting.WaitAsync(Timeout);
        Assert.True(lease.IsAcquired);
        Assert.Equal(0, limiter.Pending);
        Assert.Equal(1, limiter.InFlight);
    }

    [Fact]
    public async Task AcquireAsync_SeveralWaiting_SlotsGoInArrivalOrder()
    {
        using var limiter = new ConcurrencyLimiter(1, 3);
        var held = await limiter.AcquireAsync(CancellationToken.None);
        var first = limiter.AcquireAsync(CancellationToken.None).AsTask();
        var second = limiter.AcquireAsync(CancellationToken.None).AsTask();
        var third = limiter.AcquireAsync(CancellationToken.None).AsTask();

        held.Dispose();
        var firstLease = await first.WaitAsync(Timeout);
        Assert.False(second.IsCompleted);
        firstLease.Dispose();
        (await second.WaitAsync(Timeout)).Dispose();

        Assert.True((await third.WaitAsync(Timeout)).IsAcquired);
    }

    [Fact]
    public async Task AcquireAsync_SlotsAndQueueFull_RejectsAtOnceWithTheReason()
    {
        using var limiter = new ConcurrencyLimiter(1, 1);
        using var held = await limiter.AcquireAsync(CancellationToken.None);
        var queued = limiter.AcquireAsync(CancellationToken.None).AsTask();

        var rejected = limiter.AcquireAsync(CancellationToken.None).AsTask();

        Assert.True(rejected.IsCompletedSuccessfully);
        Assert.False(queued.IsCompleted);
        Assert.False((await rejected).IsAcquired);
        Assert.Equal("circuit breaker: 1 requests in flight (maxConcurrentRequests) and 1 waiting (maxPendingRequests)", (await rejected).RejectionReason);
    }

    [Fact]
    public async Task AcquireAsync_NoPendingAllowed_RejectsAsSoonAsTheSlotsAreTaken()
    {
        using var limiter = new ConcurrencyLimiter(2, 0);
        using var first = await limiter.AcquireAsync(CancellationToken.None);
        using var second = await limiter.AcquireAsync(CancellationToken.None);

        Assert.False((await limiter.AcquireAsync(CancellationToken.None)).IsAcquired);
    }

    [Fact]
    public async Task AcquireAsync_WaiterCancelled_ThrowsAndLeavesTheQueueToTheNext()
    {
        using var limiter = new ConcurrencyLimiter(1, 2);
        var held = await limiter.AcquireAsync(CancellationToken.None);
        using var cancel = new CancellationTokenSource();
        var quitter = limiter.AcquireAsync(cancel.Token).AsTask();
        var patient = limiter.AcquireAsync(CancellationToken.None).AsTask();

        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => quitter.WaitAsync(Timeout));
        Assert.Equal(1, limiter.Pending);
        held.Dispose();
        Assert.True((await patient.WaitAsync(Timeout)).IsAcquired);
    }

    [Fact]
    public async Task Dispose_LeaseDisposedTwice_FreesOneSlot()
    {
        using var limiter = new ConcurrencyLimiter(2, 0);
        using var other = await limiter.AcquireAsync(CancellationToken.None);
        var lease = await limiter.AcquireAsync(CancellationToken.None);
        var copy = lease;

        lease.Dispose();
        copy.Dispose();

        Assert.Equal(1, limiter.InFlight);
    }
}
