using System.Globalization;
using System.Text.RegularExpressions;
using Mesh.Demo.Processes;
using Mesh.Testing;

namespace Mesh.Bench.DataPlane;

/// <summary>Debian's wrk, pinned to the load generator's CPU: closed-loop throughput with its latency distribution.</summary>
public static partial class Wrk
{
    public static async Task<WrkResult> RunAsync(string cpu, Uri url, string? host, int connections, TimeSpan duration, CancellationToken cancellationToken)
    {
        List<string> arguments = ["-t1", $"-c{connections}", $"-d{(int)Math.Ceiling(duration.TotalSeconds)}s", "--latency"];
        if (host is not null)
        {
            arguments.AddRange(["-H", $"Host: {host}"]);
        }

        arguments.Add(url.AbsoluteUri);
        await using var wrk = ChildProcess.StartPinned("wrk", cpu, "wrk", arguments);
        await wrk.WaitForExitAsync(cancellationToken);
        return Parse(wrk.Output);
    }

    public static WrkResult Parse(string output)
    {
        var requests = RequestsLine().Match(output);
        var rate = RateLine().Match(output);
        if (!requests.Success || !rate.Success)
        {
            throw new InvalidOperationException($"could not read wrk's output:\n{output}");
        }

        var failures = NonSuccessLine().Match(output) is { Success: true } non2xx ? long.Parse(non2xx.Groups[1].Value, CultureInfo.InvariantCulture) : 0;
        if (SocketErrorsLine().Match(output) is { Success: true } socket)
        {
            failures += Enumerable.Range(1, 4).Sum(i => long.Parse(socket.Groups[i].Value, CultureInfo.InvariantCulture));
        }

        return new WrkResult(
            long.Parse(requests.Groups[1].Value, CultureInfo.InvariantCulture),
            double.Parse(rate.Groups[1].Value, CultureInfo.InvariantCulture),
            Percentile(output, "50%"),
            Percentile(output, "99%"),
            failures);
    }

    /// <summary>A line of wrk's latency distribution ("    99%    1.20ms") in milliseconds.</summary>
    private static double Percentile(string output, string label)
    {
        var match = Regex.Match(output, $@"^\s+{Regex.Escape(label)}\s+([\d.]+)(us|ms|s)\s*$", RegexOptions.Multiline, TimeSpan.FromSeconds(1));
        if (!match.Success)
        {
            return double.NaN;
        }

        var value = double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
        return match.Groups[2].Value switch
        {
            "us" => value / 1000,
            "s" => value * 1000,
            _ => value,
        };
    }

    [GeneratedRegex(@"^\s*(\d+) requests in", RegexOptions.Multiline)]
    private static partial Regex RequestsLine();

    [GeneratedRegex(@"^Requests/sec:\s+([\d.]+)", RegexOptions.Multiline)]
    private static partial Regex RateLine();

    [GeneratedRegex(@"Non-2xx or 3xx responses: (\d+)")]
    private static partial Regex NonSuccessLine();

    [GeneratedRegex(@"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)")]
    private static partial Regex SocketErrorsLine();
}
