using System.Net;
using Mesh.Demo.Tests.Infrastructure;
using Mesh.Demo.Processes;
using Mesh.Testing;

namespace Mesh.Demo.Tests.Run;

/// <summary>
/// The demo as a newcomer runs it: the launcher's build output with no arguments, on this machine's PostgreSQL
/// binaries. One test walks the whole tour, because starting the demo is the expensive part.
/// </summary>
public sealed class DemoRunTests
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(75);
    private static readonly TimeSpan SplitChangeTimeout = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(40);

    [Fact]
    public async Task Run_NoArguments_SplitsTrafficFollowsARuleChangeAndLeavesNothingBehindOnSigint()
    {
        await using var demo = LauncherProcess.Start();
        var tempDir = (await demo.WaitForLineAsync(l => l.StartsWith("Temp dir:", StringComparison.Ordinal), "the temp dir line", StartTimeout))
            ["Temp dir:".Length..].Trim().Split(' ')[0];
        var admin = await demo.WaitForLineAsync(l => l.Contains("http://", StringComparison.Ordinal), "the first line with an address", StartTimeout);
        var rules = await demo.WaitForLineAsync(_ => true, "the line after the admin UI's", StartTimeout);
        await demo.WaitForLineAsync(l => l.StartsWith("READY in ", StringComparison.Ordinal), "READY", StartTimeout);

        // The admin UI's address and credentials come first, then the Rules API's.
        Assert.Matches(@"^Admin UI:   http://127\.0\.0\.1:\d+/   user: admin   password: [A-Za-z0-9]{16}$", admin);
        Assert.Matches(@"^Rules API:  http://127\.0\.0\.1:\d+/$", rules);
        var rulesApi = new Uri(rules["Rules API:".Length..].Trim());
        Assert.Equal(12, demo.ChildPids.Count); // PostgreSQL, 2 silos, the admin UI, 4 apps, 4 proxies.

        // The default split, v1 90 / v2 10, over five seconds of traffic (the first line may hold warm-up).
        await NextTrafficAsync(demo);
        var lines = new List<TrafficLine>();
        for (var i = 0; i < 5; i++)
        {
            lines.Add(await NextTrafficAsync(demo));
        }

        var (v1, v2) = (lines.Sum(l => l.Count("v1")), lines.Sum(l => l.Count("v2")));
        Assert.All(lines, l => Assert.Equal(0, l.Failed));
        // v2's share of n answers is binomial(n, 0.1): five standard deviations either side (and both versions seen).
        // n is about 250 at the frontend's 50 requests/s; a machine busy with other tests may send fewer.
        var n = v1 + v2;
        Assert.True(n >= 50, $"only {n} answers in five seconds\n{demo.Output}");
        var bound = 5 * Math.Sqrt(0.1 * 0.9 / n);
        Assert.True(v1 > 0 && v2 > 0 && Math.Abs(v2 / (double)n - 0.1) <= bound, $"v1 {v1}, v2 {v2}: not a 90/10 split\n{demo.Output}");

        // All to v2 through the Rules API: within a few seconds whole lines show v2 only.
        using (var http = new HttpClient { BaseAddress = rulesApi, Timeout = TimeSpan.FromSeconds(10) })
        {
            using var response = await http.PutJsonAsync("/api/v1/services/backend/routes",
                """{"routes":[{"name":"default","destinations":[{"subset":"v1","weight":0},{"subset":"v2","weight":100}]}]}""");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        await demo.WaitForLineAsync(l => TrafficLine.TryParse(l) is { } t && t.Count("v1") == 0 && t.Count("v2") > 0,
            "a traffic line with v1 0 and v2 > 0 after the split changed to 0/100", SplitChangeTimeout);
        var after = await NextTrafficAsync(demo);
        Assert.Equal(0, after.Count("v1"));
        Assert.Equal(0, after.Failed);
        Assert.True(after.Count("v2") > 0, demo.Output);

        // Ctrl-C stops every process it started and removes its temp dir.
        await demo.InterruptAsync();
        Assert.Equal(0, await demo.WaitForExitAsync(StopTimeout));
        Assert.DoesNotContain(demo.ChildPids, p => !LauncherProcess.IsGone(p));
        Assert.False(Directory.Exists(tempDir), $"{tempDir} is still there");
        Assert.EndsWith($"Stopped everything and removed {tempDir}", demo.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_EmbeddedWithAGivenPassword_RunsOneSiloSaysSoAndStopsEverythingOnSigterm()
    {
        await using var demo = LauncherProcess.Start("--Demo:Embedded=true", "--Mesh:AdminPassword=given-secret");
        await demo.WaitForLineAsync(l => l == "NOTE: embedded mode, because Demo:Embedded=true was given. Rules live in a SQLite file for this run only.",
            "the note that the control plane is one embedded silo", StartTimeout);
        var tempDir = (await demo.WaitForLineAsync(l => l.StartsWith("Temp dir:", StringComparison.Ordinal), "the temp dir line", StartTimeout))
            ["Temp dir:".Length..].Trim().Split(' ')[0];
        var admin = await demo.WaitForLineAsync(l => l.Contains("http://", StringComparison.Ordinal), "the first line with an address", StartTimeout);
        await demo.WaitForLineAsync(l => l.StartsWith("READY in ", StringComparison.Ordinal), "READY", StartTimeout);

        // A password the user chose is not echoed; one silo and no PostgreSQL: the admin UI, 4 apps and 4 proxies.
        Assert.Matches(@"^Admin UI:   http://127\.0\.0\.1:\d+/   user: admin   password: \(the one given in Mesh:AdminPassword\)$", admin);
        Assert.DoesNotContain("given-secret", demo.Output, StringComparison.Ordinal);
        Assert.Equal(10, demo.ChildPids.Count);
        await NextTrafficAsync(demo);
        var line = await NextTrafficAsync(demo);
        Assert.True(line.Count("v1") + line.Count("v2") > 0 && line.Failed == 0, demo.Output);

        await ShortCommand.RunAsync("kill", ["-TERM", demo.Pid.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        Assert.Equal(0, await demo.WaitForExitAsync(StopTimeout));
        Assert.DoesNotContain(demo.ChildPids, p => !LauncherProcess.IsGone(p));
        Assert.False(Directory.Exists(tempDir), $"{tempDir} is still there");
    }

    private static async Task<TrafficLine> NextTrafficAsync(LauncherProcess demo) =>
        TrafficLine.TryParse(await demo.WaitForLineAsync(TrafficLine.IsTraffic, "a traffic line", TimeSpan.FromSeconds(5)))!;
}
