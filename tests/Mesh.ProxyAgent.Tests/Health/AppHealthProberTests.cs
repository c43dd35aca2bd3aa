using System.Net;
using System.Threading.Channels;
using Mesh.Protos.Discovery.V1;
using Mesh.ProxyAgent.ControlPlane;
using Mesh.ProxyAgent.Health;
using Mesh.ProxyAgent.Hosting;
using Mesh.ProxyAgent.Routing;
using Mesh.ProxyAgent.Tests.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using static Mesh.ProxyAgent.Tests.Infrastructure.TestConfigs;

namespace Mesh.ProxyAgent.Tests.Health;

/// <summary>
/// The prober on a fake clock: the test waits until the prober has armed its interval timer, advances the clock by
/// the interval, and answers the probe itself, so every probe and report is counted exactly.
/// </summary>
public sealed class AppHealthProberTests : IAsyncDisposable
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(5);

    private static readonly ProxyAgentOptions Options = new()
    {
        ControlPlane = [new Uri("http://127.0.0.1:15010")],
        Service = "svc-a",
        ProxyId = "svc-a-1",
        AppUrl = new Uri("http://127.0.0.1:8081"),
    };

    private readonly SignallingTimeProvider _time = new();
    private readonly RoutingTable _table = new();
    private readonly AgentSession _session = new();
    private readonly ProbeHandler _app = new();
    private readonly InstanceHealth _health;
    private readonly AppHealthProber _prober;

    public AppHealthProberTests()
    {
        var watches = TestWatches.Create(Options, _time, _table);
        watches.Attach(_session, w => new ProxyMessage { Hello = new Hello { Watches = { w } } });
        _health = new InstanceHealth(watches);
        _prober = new AppHealthProber(Options, _table, _health, new HttpMessageInvoker(_app), _time, NullLogger<AppHealthProber>.Instance);
    }

    public async ValueTask DisposeAsync()
    {
        await _prober.StopAsync(CancellationToken.None);
        _prober.Dispose();
    }

    private void ApplyHealthCheck(int unhealthyThreshold, int healthyThreshold)
    {
        var config = Service("svc-a", 1);
        config.Policy = new ServicePolicy
        {
            HealthCheck = new HealthCheck
            {
                Path = "/healthz", IntervalMs = (long)Interval.TotalMilliseconds, UnhealthyThreshold = unhealthyThreshold, HealthyThreshold = healthyThreshold,
            },
        };
        _table.Apply(AgentConfigCompiler.Compile(config, DefaultGuard).Snapshot!);
    }

    /// <summary>Waits for the interval timer, lets it fire, and answers the probe it starts with <paramref name="answer"/>.</summary>
    private async Task ProbeAsync(Func<CancellationToken, Task<HttpResponseMessage>> answer)
    {
        await _time.ArmedAsync(Interval);
        _time.Advance(Interval);
        var probe = await _app.Probes.Reader.ReadAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(5));
        Assert.Equal("http://127.0.0.1:8081/healthz", probe.Url);
        probe.Answer.SetResult(answer);
    }

    private Task ProbeAsync(HttpStatusCode status) => ProbeAsync(_ => Task.FromResult(new HttpResponseMessage(status)));

    /// <param name="nextDue">The wait the prober arms after the last probe: arming it means that probe's outcome was recorded.</param>
    private async Task<IReadOnlyList<ProxyMessage>> ReportsAsync(TimeSpan nextDue)
    {
        await _time.ArmedAsync(nextDue);
        var stream = new RecordingStreamWriter();
        var pump = _session.StartPump(stream, CancellationToken.None);
        _session.Close();
        await pump.WaitAsync(TimeSpan.FromSeconds(5));
        return stream.Written.Where(m => m.KindCase == ProxyMessage.KindOneofCase.Health).ToArray();
    }

    private static ProxyMessage Report(bool healthy, string detail) => new() { Health = new HealthReport { Healthy = healthy, Detail = detail } };

    [Fact]
    public async Task Probe_FailuresUpToTheThresholdThenSuccesses_ReportsEachChangeOnce()
    {
        ApplyHealthCheck(unhealthyThreshold: 2, healthyThreshold: 2);
        await _prober.StartAsync(CancellationToken.None);

        await ProbeAsync(HttpStatusCode.OK);
        await ProbeAsync(HttpStatusCode.ServiceUnavailable);
        await ProbeAsync(HttpStatusCode.InternalServerError);
        await ProbeAsync(HttpStatusCode.NotFound);
        await ProbeAsync(HttpStatusCode.NoContent);
        await ProbeAsync(HttpStatusCode.OK);

        Assert.Equal(
            [Report(false, "2 probes of /healthz failed: 500"), Report(true, "2 probes of /healthz succeeded")],
            await ReportsAsync(Interval));
        Assert.Equal(new AppHealth(true, "2 probes of /healthz succeeded"), _health.Current);
    }

    [Fact]
    public async Task Probe_AppGivesNoAnswerWithinTheTimeout_CountsAsAFailure()
    {
        ApplyHealthCheck(unhealthyThreshold: 1, healthyThreshold: 1);
        await _prober.StartAsync(CancellationToken.None);

        await ProbeAsync(async cancellationToken =>
        {
            await Task.Delay(Timeout.InfiniteTimeSpan, cancellationToken);
            return new HttpResponseMessage(HttpStatusCode.OK);
        });
        await _time.ArmedAsync(TimeSpan.FromSeconds(2));
        _time.Advance(TimeSpan.FromSeconds(2));

        // The next probe is due an interval after this one started, 2 s ago.
        Assert.Equal([Report(false, "1 probe of /healthz failed: no answer within 2s")], await ReportsAsync(Interval - TimeSpan.FromSeconds(2)));
    }

    /// <summary>A fake clock that tells when a timer is armed, by its due time.</summary>
    private sealed class SignallingTimeProvider : FakeTimeProvider
    {
        private readonly Channel<TimeSpan> _armed = Channel.CreateUnbounded<TimeSpan>();

        public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
        {
            var timer = base.CreateTimer(callback, state, dueTime, period);
            _armed.Writer.TryWrite(dueTime);
            return timer;
        }

        /// <summary>Waits until a timer due after <paramref name="dueTime"/> is armed, skipping others.</summary>
        public async Task ArmedAsync(TimeSpan dueTime)
        {
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            try
            {
                while (await _armed.Reader.ReadAsync(cts.Token) != dueTime)
                {
                }
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"no timer due after {dueTime} was armed within 5 s");
            }
        }
    }

    /// <summary>The app's side of the probes: each one waits for the test to give its answer.</summary>
    private sealed class ProbeHandler : HttpMessageHandler
    {
        public Channel<(string Url, TaskCompletionSource<Func<CancellationToken, Task<HttpResponseMessage>>> Answer)> Probes { get; } =
            Channel.CreateUnbounded<(string, TaskCompletionSource<Func<CancellationToken, Task<HttpResponseMessage>>>)>();

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var answer = new TaskCompletionSource<Func<CancellationToken, Task<HttpResponseMessage>>>(TaskCreationOptions.RunContinuationsAsynchronously);
            Probes.Writer.TryWrite((request.RequestUri!.AbsoluteUri, answer));
            return await (await answer.Task)(cancellationToken);
        }
    }
}
