using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using Mesh.Testing;

namespace Mesh.EndToEnd.Tests.Reliability;

/// <summary>
/// Requests from an app to one service through "its proxy", which may be replaced while the loop runs (a restarted
/// sidecar): each request goes to the proxy that is current when it starts. Every request is counted, by proxy and by
/// the version of the app that answered; anything but a 200 from the app is a failure, with when and why.
/// </summary>
public sealed class FollowingLoad
{
    private readonly ConcurrentDictionary<string, int> _byProxyAndVersion = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<string> _failures = new();
    private readonly Stopwatch _clock = new();
    private volatile ProxyAgentProcess _proxy;
    private int _total;

    public FollowingLoad(ProxyAgentProcess proxy) => _proxy = proxy;

    public int Total => Volatile.Read(ref _total);

    public IReadOnlyList<string> Failures => [.. _failures];

    /// <summary>Sends the next requests to <paramref name="proxy"/>; requests already sent finish where they are.</summary>
    public void SwitchTo(ProxyAgentProcess proxy) => _proxy = proxy;

    /// <summary>Requests answered by the app in <paramref name="version"/> through <paramref name="proxy"/>.</summary>
    public int Served(ProxyAgentProcess proxy, string version) => _byProxyAndVersion.GetValueOrDefault($"{proxy.Pid}/{version}");

    /// <summary>Runs <paramref name="concurrency"/> request loops to <paramref name="service"/> until <paramref name="until"/> is cancelled.</summary>
    public Task RunAsync(string service, int concurrency, CancellationToken until)
    {
        _clock.Start();
        return Task.WhenAll(Enumerable.Range(0, concurrency).Select(_ => Task.Run(async () =>
        {
            while (!until.IsCancellationRequested)
            {
                var proxy = _proxy;
                Interlocked.Increment(ref _total);
                try
                {
                    using var response = await proxy.CallAsync(service);
                    if (response.StatusCode != HttpStatusCode.OK)
                    {
                        var reason = response.Headers.TryGetValues("x-mesh-reason", out var r) ? string.Join(",", r) : "";
                        _failures.Enqueue($"{_clock.Elapsed.TotalSeconds:F1} s via {proxy.Pid}: {(int)response.StatusCode} {reason}");
                        continue;
                    }

                    var version = response.Headers.TryGetValues("x-app-version", out var v) ? v.First() : "(none)";
                    _byProxyAndVersion.AddOrUpdate($"{proxy.Pid}/{version}", 1, (_, n) => n + 1);
                }
                catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
                {
                    _failures.Enqueue($"{_clock.Elapsed.TotalSeconds:F1} s via {proxy.Pid}: {e.GetType().Name} {e.Message}");
                }
            }
        })));
    }
}
