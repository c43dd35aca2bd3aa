using System.Collections.Concurrent;
using System.Net;

namespace Mesh.Testing;

/// <summary>A bounded request loop through a proxy's outbound listener, counting answers by the app version that served them.</summary>
public static class LoadRunner
{
    public sealed record Result(int Total, int Failed, IReadOnlyDictionary<string, int> ByVersion, IReadOnlyDictionary<string, int> ByInstance, IReadOnlyList<string> Failures)
    {
        public double Share(string version) => ByVersion.GetValueOrDefault(version) / (double)Total;
    }

    /// <summary>Sends exactly <paramref name="count"/> requests, <paramref name="concurrency"/> at a time.</summary>
    public static Task<Result> RunAsync(ProxyAgentProcess proxy, string service, int count, int concurrency = 16) =>
        RunAsync(proxy, service, concurrency, i => i < count, CancellationToken.None);

    /// <summary>Sends requests until <paramref name="until"/> is cancelled (bounded by the caller's timeout).</summary>
    public static Task<Result> RunUntilAsync(ProxyAgentProcess proxy, string service, int concurrency, CancellationToken until) =>
        RunAsync(proxy, service, concurrency, _ => !until.IsCancellationRequested, CancellationToken.None);

    private static async Task<Result> RunAsync(ProxyAgentProcess proxy, string service, int concurrency, Func<int, bool> more, CancellationToken cancellationToken)
    {
        var next = -1;
        var byVersion = new ConcurrentDictionary<string, int>(StringComparer.Ordinal);
        var byInstance = new ConcurrentDictionary<string, int>(StringComparer.Ordinal);
        var failures = new ConcurrentQueue<string>();
        var total = 0;
        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(async _ =>
        {
            while (more(Interlocked.Increment(ref next)))
            {
                Interlocked.Increment(ref total);
                try
                {
                    using var response = await proxy.CallAsync(service, cancellationToken: cancellationToken);
                    if (response.StatusCode != HttpStatusCode.OK)
                    {
                        var reason = response.Headers.TryGetValues("x-mesh-reason", out var r) ? string.Join(",", r) : "";
                        failures.Enqueue($"{(int)response.StatusCode} {reason}");
                        continue;
                    }

                    byVersion.AddOrUpdate(Header(response, "x-app-version"), 1, (_, n) => n + 1);
                    byInstance.AddOrUpdate(Header(response, "x-app-instance"), 1, (_, n) => n + 1);
                }
                catch (HttpRequestException e)
                {
                    failures.Enqueue(e.Message);
                }
            }
        }));
        return new Result(total, failures.Count, byVersion, byInstance, [.. failures]);
    }

    private static string Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? values.First() : "(none)";
}
