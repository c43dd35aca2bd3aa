using System.Diagnostics;

namespace Mesh.Demo.Processes;

/// <summary>Polls a program's HTTP endpoint until it answers 2xx (and, when asked, with the expected body).</summary>
public sealed class ReadinessProbe : IDisposable
{
    private static readonly TimeSpan DefaultInterval = TimeSpan.FromMilliseconds(100);

    // A frozen process never answers: every poll has its own short timeout.
    private readonly HttpClient _http = new(new SocketsHttpHandler { UseProxy = false }) { Timeout = TimeSpan.FromSeconds(2) };
    private readonly TimeSpan _interval;

    /// <param name="interval">Time between polls (100 ms unless given).</param>
    public ReadinessProbe(TimeSpan? interval = null)
    {
        _interval = interval ?? DefaultInterval;
    }

    public HttpClient Http => _http;

    /// <summary>
    /// Waits until <paramref name="url"/> answers 2xx and <paramref name="accept"/> (if any) likes the body; fails
    /// with the program named as soon as it exits, or after <paramref name="timeout"/> saying what was awaited.
    /// </summary>
    public async Task WaitAsync(ChildProcess process, Uri url, string awaiting, TimeSpan timeout, CancellationToken cancellationToken,
        Func<string, bool>? accept = null)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            if (process.HasExited)
            {
                throw new StartupFailedException($"{process.Name} exited with code {process.ExitCode} before {awaiting}", process);
            }

            if (await AnswersAsync(url, accept, cancellationToken))
            {
                return;
            }

            if (clock.Elapsed > timeout)
            {
                throw new StartupFailedException($"{process.Name}: not {awaiting} within {timeout.TotalSeconds:0} s ({url})", process);
            }

            await Task.Delay(_interval, cancellationToken);
        }
    }

    public void Dispose() => _http.Dispose();

    private async Task<bool> AnswersAsync(Uri url, Func<string, bool>? accept, CancellationToken cancellationToken)
    {
        try
        {
            using var response = await _http.GetAsync(url, cancellationToken);
            return response.IsSuccessStatusCode && (accept is null || accept(await response.Content.ReadAsStringAsync(cancellationToken)));
        }
        catch (Exception e) when (e is HttpRequestException || (e is TaskCanceledException && !cancellationToken.IsCancellationRequested))
        {
            return false;
        }
    }
}
