using Mesh.Model.Proxies;
using Mesh.Silo.Push;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Mesh.Silo.Tests.Push;

/// <summary>
/// The debounce and coalescing of one watched service on a fake clock. The documents are read synchronously, so a
/// refresh that is due has happened when <see cref="FakeTimeProvider.Advance"/> or <see cref="ServiceWatch.OnChanged"/> returns.
/// </summary>
public sealed class ServiceWatchTests : IDisposable
{
    private const string Service = "svc-b";
    private static readonly PushDebounce Debounce = new(Quiet: TimeSpan.FromMilliseconds(100), MaxDelay: TimeSpan.FromSeconds(1));

    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 12, 5, 12, 0, 0, TimeSpan.Zero));
    private readonly StoredDocuments _documents = new(Service);
    private readonly ServiceWatch _watch;

    public ServiceWatchTests()
    {
        _watch = new ServiceWatch(Service, _documents, "15010.1", _time, Debounce, NullLogger.Instance);
    }

    public void Dispose() => _watch.Dispose();

    private static SiloProxySession Session(int n) =>
        new(new ProxyHello { ProxyId = $"proxy-{n}", Service = "svc-a", Silo = "silo-1", Watches = [Service] }, new Dictionary<string, long>());

    /// <summary>The watch as the registry leaves it: first read done, then a quiet spell.</summary>
    private async Task WatchedAndQuietAsync()
    {
        await _watch.RefreshAsync();
        _time.Advance(TimeSpan.FromSeconds(5));
    }

    private void Change()
    {
        _documents.Change();
        _watch.OnChanged();
    }

    [Fact]
    public async Task OnChanged_AfterQuietSpell_RefreshesAtOnce()
    {
        await WatchedAndQuietAsync();

        Change();

        Assert.Equal(2, _documents.Reads);
        Assert.Equal(2, _watch.Current!.Version);
    }

    [Fact]
    public async Task OnChanged_BurstThatPauses_GatheredIntoOneRefreshAQuietWindowAfterItsLastChange()
    {
        await WatchedAndQuietAsync();
        Change();

        for (var i = 0; i < 9; i++)
        {
            _time.Advance(TimeSpan.FromMilliseconds(50));
            Change();
        }

        _time.Advance(TimeSpan.FromMilliseconds(99));
        Assert.Equal(2, _documents.Reads);
        Assert.Equal(2, _watch.Current!.Version);

        _time.Advance(TimeSpan.FromMilliseconds(1));
        Assert.Equal(3, _documents.Reads);
        Assert.Equal(11, _watch.Current.Version);
    }

    [Fact]
    public async Task OnChanged_BurstThatNeverPauses_RefreshedAtMaxDelayAfterItsFirstDeferredChange()
    {
        await WatchedAndQuietAsync();
        Change();

        // Changes every 50 ms: the burst never pauses for 100 ms. Its first deferred change is at +50 ms, so the cap
        // falls at +1050 ms.
        for (var i = 0; i < 20; i++)
        {
            _time.Advance(TimeSpan.FromMilliseconds(50));
            Change();
            Assert.Equal(2, _documents.Reads);
        }

        _time.Advance(TimeSpan.FromMilliseconds(49));
        Assert.Equal(2, _documents.Reads);

        _time.Advance(TimeSpan.FromMilliseconds(1));
        Assert.Equal(3, _documents.Reads);
        Assert.Equal(22, _watch.Current!.Version);
    }

    [Fact]
    public async Task OnChanged_BurstCappedThenGoingOn_NextBurstGatheredAfterTheCap()
    {
        await WatchedAndQuietAsync();
        Change();
        for (var i = 0; i < 21; i++)
        {
            _time.Advance(TimeSpan.FromMilliseconds(50));
            Change();
        }

        // +1050 ms: the cap pushed version 23; the change at +1100 ms comes within the quiet window of that push.
        _time.Advance(TimeSpan.FromMilliseconds(50));
        Change();
        Assert.Equal(3, _documents.Reads);

        _time.Advance(TimeSpan.FromMilliseconds(100));
        Assert.Equal(4, _documents.Reads);
        Assert.Equal(24, _watch.Current!.Version);
    }

    [Fact]
    public async Task RefreshAsync_NewerVersionWhileOlderPending_SessionPushesOnlyTheNewest()
    {
        using var session = Session(1);
        _watch.Add(session);
        await WatchedAndQuietAsync();

        Change();
        _time.Advance(TimeSpan.FromSeconds(1));
        Change();

        var pushed = await SessionWrites.ConfigsAsync(session);
        Assert.Equal([3L], pushed.Select(c => c.Version));
    }

    [Fact]
    public async Task RefreshAsync_ManySessions_OneCompilePerVersionSharedByAll()
    {
        var sessions = Enumerable.Range(0, 50).Select(Session).ToList();
        foreach (var session in sessions)
        {
            _watch.Add(session);
        }

        await WatchedAndQuietAsync();
        var first = _watch.Current!;
        await _watch.RefreshAsync();
        Assert.Same(first, _watch.Current);

        Change();
        var second = _watch.Current!;
        Assert.Equal(2, second.Version);
        Assert.Equal(3, _documents.Reads);

        var late = Session(50);
        _watch.Add(late);
        sessions.Add(late);
        Assert.Equal(3, _documents.Reads);

        foreach (var session in sessions)
        {
            var pushed = Assert.Single(await SessionWrites.ConfigsAsync(session));
            Assert.Same(second, pushed);
            session.Dispose();
        }
    }
}
