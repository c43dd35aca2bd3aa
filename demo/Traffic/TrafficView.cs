using System.Net.Http.Json;
using Mesh.Demo.Topology;

namespace Mesh.Demo.Traffic;

/// <summary>
/// The live view: once a second, reads the frontend's counters and prints what frontend sent to backend during that
/// second, until stopped.
/// </summary>
public sealed class TrafficView(HttpClient http, Uri frontendUrl, TextWriter console, TimeProvider time)
{
    private static readonly TimeSpan Period = TimeSpan.FromSeconds(1);

    public async Task RunAsync(CancellationToken stopping)
    {
        var stats = new Uri(frontendUrl, "/stats");
        var versions = DemoTopology.BackendVersions.Select(v => v.Version).ToList();
        // Each read is timed from just before it is sent, so that a slow answer does not stretch the next interval.
        var previousAt = time.GetTimestamp();
        var previous = await ReadAsync(stats, stopping) ?? FrontendStats.Zero;
        using var timer = new PeriodicTimer(Period, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stopping))
            {
                var now = time.GetTimestamp();
                var current = await ReadAsync(stats, stopping);
                if (current is null)
                {
                    await console.WriteLineAsync($"{time.GetLocalNow():HH:mm:ss}  frontend → backend  (frontend's /stats did not answer)");
                    continue;
                }

                var sample = TrafficSample.Between(previous, current, time.GetElapsedTime(previousAt, now));
                await console.WriteLineAsync(sample.Format(time.GetLocalNow(), versions));
                (previous, previousAt) = (current, now);
            }
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            // Stopped.
        }
    }

    private async Task<FrontendStats?> ReadAsync(Uri stats, CancellationToken stopping)
    {
        try
        {
            return await http.GetFromJsonAsync<FrontendStats>(stats, stopping);
        }
        catch (Exception e) when (e is HttpRequestException or System.Text.Json.JsonException || (e is TaskCanceledException && !stopping.IsCancellationRequested))
        {
            return null;
        }
    }
}
