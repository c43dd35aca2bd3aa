using System.Diagnostics;
using System.Net;
using Mesh.Bench.Common;

namespace Mesh.Bench.DataPlane;

/// <summary>
/// An open-loop client: request i is due at start + i/rate whether or not earlier ones have answered, and its
/// latency runs from that due time, so a stall delays every request scheduled during it and shows in the tail
/// (no coordinated omission). The first second warms its connections and is not counted.
/// </summary>
public static class FixedRateClient
{
    private static readonly TimeSpan WarmUp = TimeSpan.FromSeconds(1);

    public static async Task<FixedRateResult> RunAsync(Uri url, string? host, int rate, TimeSpan duration, CancellationToken cancellationToken)
    {
        using var handler = new SocketsHttpHandler
        {
            UseProxy = false,
            AllowAutoRedirect = false,
            AutomaticDecompression = DecompressionMethods.None,
            UseCookies = false,
            MaxConnectionsPerServer = 512,
            PooledConnectionIdleTimeout = TimeSpan.FromMinutes(5),
        };
        using var client = new HttpMessageInvoker(handler);
        var skipped = (int)(rate * WarmUp.TotalSeconds);
        var total = skipped + (int)(rate * duration.TotalSeconds);
        var latencies = new double[total];
        var failed = 0;
        var sends = new Task[total];

        // The dispatcher runs on its own thread: sleeping to within a millisecond of the next due time, then yielding.
        await Task.Factory.StartNew(
            () =>
            {
                var start = Stopwatch.GetTimestamp();
                for (var i = 0; i < total && !cancellationToken.IsCancellationRequested; i++)
                {
                    var due = start + (long)(i * (double)Stopwatch.Frequency / rate);
                    while (Stopwatch.GetTimestamp() is var now && now < due)
                    {
                        if (due - now > Stopwatch.Frequency / 500)
                        {
                            Thread.Sleep(1);
                        }
                        else
                        {
                            Thread.Yield();
                        }
                    }

                    var index = i;
                    sends[index] = SendAsync(client, url, host, due, cancellationToken).ContinueWith(
                        t =>
                        {
                            if (t.IsCompletedSuccessfully && t.Result >= 0)
                            {
                                latencies[index] = t.Result;
                            }
                            else
                            {
                                latencies[index] = double.NaN;
                                Interlocked.Increment(ref failed);
                            }
                        },
                        TaskScheduler.Default);
                }
            },
            cancellationToken,
            TaskCreationOptions.LongRunning,
            TaskScheduler.Default);

        await Task.WhenAll(sends.Where(s => s is not null));
        cancellationToken.ThrowIfCancellationRequested();
        var counted = new Percentiles(latencies.Skip(skipped).Where(l => !double.IsNaN(l)));
        return new FixedRateResult(total - skipped, failed, counted[50], counted[99], counted.Max);
    }

    /// <summary>Milliseconds from <paramref name="due"/> to the end of the response body; -1 for a non-2xx answer.</summary>
    private static async Task<double> SendAsync(HttpMessageInvoker client, Uri url, string? host, long due, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        if (host is not null)
        {
            request.Headers.Host = host;
        }

        using var response = await client.SendAsync(request, cancellationToken);
        await response.Content.CopyToAsync(Stream.Null, cancellationToken);
        var elapsed = Stopwatch.GetElapsedTime(due).TotalMilliseconds;
        return response.IsSuccessStatusCode ? elapsed : -1;
    }
}
