using System.Collections.Concurrent;
using System.Net;
using System.Text.RegularExpressions;
using Mesh.Testing;
using Xunit.Abstractions;

namespace Mesh.EndToEnd.Tests.PushPath;

/// <summary>
/// An app that calls arbitrary Host names through its proxy cannot cut that proxy off from the control plane: a silo
/// ends a session that watches more than 256 services and refuses every Hello that lists more.
/// </summary>
public sealed partial class ArbitraryHostsTests(MeshTopology mesh, ITestOutputHelper output) : IClassFixture<MeshTopology>
{
    private const int Hosts = 1_000;

    /// <summary>The silo's per-session limit, less the caller proxy's pinned watches (svc-b, declared, and its own svc-a).</summary>
    private const int OnDemandRoom = 256 - 2;

    [Fact]
    public async Task AppCallsAThousandUnknownHosts_ProxyStaysConnected_AndTheNextRouteChangeArrivesAndIsFollowed()
    {
        var proxy = mesh.CallerProxy;
        var answers = new ConcurrentBag<(HttpStatusCode Status, string Body)>();

        await Parallel.ForEachAsync(Enumerable.Range(0, Hosts), new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (i, cancellationToken) =>
        {
            using var response = await proxy.CallAsync($"junk-{i}", cancellationToken: cancellationToken);
            answers.Add((response.StatusCode, await response.Content.ReadAsStringAsync(cancellationToken)));
        });

        Assert.Equal(Hosts, answers.Count(a => a.Status == HttpStatusCode.ServiceUnavailable));
        var refused = answers.Count(a => a.Body.Contains("cannot be watched now", StringComparison.Ordinal));
        output.WriteLine($"{Hosts} unknown hosts: {refused} refused at once, {Hosts - refused} watched");
        Assert.Equal(Hosts - OnDemandRoom, refused);
        var dump = await proxy.Admin.GetFromJsonNodeAsync("/config_dump");
        Assert.True(dump["connected"]!.GetValue<bool>(), "the caller's proxy is still connected after the unknown hosts");
        await Eventually.WaitAsync(
            () => mesh.Silos[0].Http.GetJsonAsync("/api/v1/proxies"),
            p => p.AsArray().Single(x => x!["id"]!.GetValue<string>() == proxy.ProxyId) is { } record
                && record["connected"]!.GetValue<bool>() && record["watches"]!.AsArray().Count == 256,
            "the silos record the caller's proxy connected, watching 256 services",
            TimeSpan.FromSeconds(10));

        var (allToV2, _) = await MeshTopology.PutRoutesAsync(mesh.Silos[1], "svc-b", MeshTopology.Split(0, 100));
        await Eventually.WaitAsync(
            () => proxy.Admin.GetFromJsonNodeAsync("/config_dump"),
            d => d["connected"]!.GetValue<bool>()
                && d["services"]!.AsArray().Any(s => s!["service"]!.GetValue<string>() == "svc-b" && s["version"]!.GetValue<long>() >= allToV2),
            $"the caller's proxy holds svc-b version {allToV2}",
            TimeSpan.FromSeconds(10));
        var traffic = await LoadRunner.RunAsync(proxy, "svc-b", 200);

        Assert.Empty(traffic.Failures);
        Assert.Equal(200, traffic.ByVersion.GetValueOrDefault("v2"));
        var metrics = await proxy.Admin.GetStringAsync(new Uri("/metrics", UriKind.Relative));
        var services = ServiceLabel().Matches(metrics).Select(m => m.Groups[1].Value).ToHashSet(StringComparer.Ordinal);
        Assert.Equal(["(unknown)", "svc-b"], services.Order(StringComparer.Ordinal));
        Assert.Equal(Hosts, PrometheusText.Sum(metrics, "mesh_requests_total", ("direction", "outbound"), ("service", "(unknown)")));
    }

    /// <summary>The <c>service</c> label of an outbound request sample.</summary>
    [GeneratedRegex("""^mesh_requests_total\{[^}]*direction="outbound"[^}]*service="([^"]*)"[^}]*\}""", RegexOptions.Multiline)]
    private static partial Regex ServiceLabel();
}
