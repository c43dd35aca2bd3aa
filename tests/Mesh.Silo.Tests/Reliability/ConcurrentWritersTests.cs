using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using Mesh.Silo.Tests.Infrastructure;
using Mesh.Testing;
using Xunit.Abstractions;

namespace Mesh.Silo.Tests.Reliability;

/// <summary>
/// Many clients doing read-modify-write with <c>If-Match</c> on one document through three silos on PostgreSQL:
/// every acknowledged write is in the history exactly once at consecutive versions, nothing acknowledged is lost,
/// and every other answer is 412 (or a clean 503 with Retry-After, for which nothing may have been saved).
/// </summary>
/// <remarks>
/// Each write carries a unique marker that the history's one-line summary repeats (a route name, a subset name).
/// The history keeps the last <see cref="HistoryLimit"/> versions, so the writers stop after
/// <see cref="AcceptedTarget"/> accepted writes: with the first version and at most one accepted write in flight per
/// writer on top, every acknowledged version is still in the window when the history is checked.
/// </remarks>
[Collection(PostgresCollection.Name)]
public sealed class ConcurrentWritersTests(PostgresServer postgres, ITestOutputHelper output) : IAsyncLifetime
{
    private const int Silos = 3;
    private const int Writers = 16;
    private const int HistoryLimit = 50;
    private const int AcceptedTarget = 30;
    private const int MaxAttemptsPerWriter = 200;

    private readonly List<SiloProcess> _silos = [];

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var silo in _silos)
        {
            await silo.DisposeAsync();
        }
    }

    [Fact]
    public async Task RoutePolicy_ManyWritersWithIfMatchThroughThreeSilos_EveryAcknowledgedWriteIsInTheHistoryOnce()
    {
        var silos = await StartSilosAsync("writers-routes");
        var document = new Document(
            "/api/v1/services/svc-w/routes",
            marker => $$$"""{"routes":[{"name":"{{{marker}}}","destinations":[{"subset":"v1","weight":50},{"subset":"v2","weight":50}]}]}""",
            current => current["routes"]![0]!["name"]!.GetValue<string>());

        await RunAsync(silos, document);
    }

    [Fact]
    public async Task ServicePolicy_ManyWritersWithIfMatchThroughThreeSilos_EveryAcknowledgedWriteIsInTheHistoryOnce()
    {
        var silos = await StartSilosAsync("writers-policy");
        var document = new Document(
            "/api/v1/services/svc-w/policy",
            marker => $$$"""{"subsets":[{"name":"{{{marker}}}","labels":{"version":"v1"}}],"loadBalancer":{"algorithm":"random"}}""",
            current => current["subsets"]![0]!["name"]!.GetValue<string>());

        await RunAsync(silos, document);
    }

    private async Task<SiloProcess[]> StartSilosAsync(string clusterId)
    {
        var database = await postgres.CreateDatabaseAsync();
        var started = Enumerable.Range(0, Silos).Select(_ => SiloProcess.Start(database, clusterId)).ToArray();
        _silos.AddRange(started);
        await Task.WhenAll(started.Select(s => s.WaitHealthyAsync(TimeSpan.FromSeconds(90))));
        return started;
    }

    private async Task RunAsync(SiloProcess[] silos, Document document)
    {
        using (var first = await silos[0].Http.PutJsonAsync(document.Path, document.Body("initial")))
        {
            Assert.Equal(1, (await first.ReadJsonAsync(HttpStatusCode.OK))["resourceVersion"]!.GetValue<long>());
        }

        var clock = Stopwatch.StartNew();
        var outcomes = new ConcurrentBag<Outcome>();
        var accepted = 0;
        await Task.WhenAll(Enumerable.Range(0, Writers).Select(writer => Task.Run(async () =>
        {
            for (var attempt = 0; attempt < MaxAttemptsPerWriter && Volatile.Read(ref accepted) < AcceptedTarget; attempt++)
            {
                // Read through one silo and write through another, so every write crosses silos.
                var read = silos[(writer + attempt) % Silos];
                var write = silos[(writer + attempt + 1) % Silos];
                var current = await read.Http.GetJsonAsync(document.Path);
                var basedOn = current["resourceVersion"]!.GetValue<long>();
                var marker = string.Create(CultureInfo.InvariantCulture, $"w{writer:D2}-a{attempt:D3}");
                using var response = await write.Http.PutJsonAsync(document.Path, document.Body(marker), ifMatch: ETag(basedOn));
                var body = await response.Content.ReadAsStringAsync();
                var outcome = new Outcome(marker, basedOn, response.StatusCode, body, response.Headers.RetryAfter is not null,
                    response.Content.Headers.ContentType?.MediaType);
                outcomes.Add(outcome);
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    Interlocked.Increment(ref accepted);
                }
            }
        })));
        var elapsed = clock.Elapsed;

        var all = outcomes.ToList();
        var oks = all.Where(o => o.Status == HttpStatusCode.OK).ToList();
        var stale = all.Where(o => o.Status == HttpStatusCode.PreconditionFailed).ToList();
        var unavailable = all.Where(o => o.Status == HttpStatusCode.ServiceUnavailable).ToList();
        output.WriteLine($"{document.Path}: {Writers} writers through {Silos} silos, {all.Count} writes in {elapsed.TotalSeconds:F1} s: " +
            $"{oks.Count} accepted, {stale.Count} answered 412, {unavailable.Count} answered 503");

        // Every answer is 200, 412, or a clean 503 (the cluster briefly unavailable) that says when to retry.
        Assert.All(all, o => Assert.True(
            o.Status is HttpStatusCode.OK or HttpStatusCode.PreconditionFailed || (o.Status == HttpStatusCode.ServiceUnavailable && o.RetryAfter),
            $"{o.Marker}: unexpected {(int)o.Status} {o.Body}"));
        Assert.InRange(oks.Count, AcceptedTarget, AcceptedTarget + Writers);
        Assert.True(1 + oks.Count <= HistoryLimit, "the accepted writes outgrew the history window; lower AcceptedTarget");
        Assert.NotEmpty(stale);

        // Each 200 names the version after the one it was based on, and no two 200s share a version.
        var versions = oks.Select(o => (o.Marker, Version: JsonNode.Parse(o.Body)!["resourceVersion"]!.GetValue<long>(), o.BasedOn)).ToList();
        Assert.All(versions, v => Assert.Equal(v.BasedOn + 1, v.Version));
        Assert.Equal(Enumerable.Range(2, oks.Count).Select(v => (long)v), versions.Select(v => v.Version).Order());

        // A 412 names a current version newer than the one it was based on, as a problem document.
        Assert.All(stale, o =>
        {
            Assert.Equal("application/problem+json", o.MediaType);
            Assert.True(JsonNode.Parse(o.Body)!["currentVersion"]!.GetValue<long>() > o.BasedOn, $"{o.Marker}: {o.Body}");
        });

        // The history, read through every silo, holds exactly the first version and the acknowledged writes: each
        // marker once, at the version its 200 named, at consecutive versions. Nothing refused was saved.
        foreach (var silo in silos)
        {
            var history = (await silo.Http.GetJsonAsync(document.Path + "/history")).AsArray()
                .Select(h => (Version: h!["version"]!.GetValue<long>(), Summary: h["summary"]!.GetValue<string>()))
                .OrderBy(h => h.Version)
                .ToList();
            Assert.Equal(Enumerable.Range(1, 1 + oks.Count).Select(v => (long)v), history.Select(h => h.Version));
            foreach (var (marker, version, _) in versions)
            {
                Assert.Equal(version, Assert.Single(history, h => h.Summary.Contains(marker, StringComparison.Ordinal)).Version);
            }

            foreach (var refused in stale.Concat(unavailable))
            {
                Assert.DoesNotContain(history, h => h.Summary.Contains(refused.Marker, StringComparison.Ordinal));
            }

            // The current document is the last acknowledged write.
            var current = await silo.Http.GetJsonAsync(document.Path);
            var last = versions.MaxBy(v => v.Version);
            Assert.Equal(last.Version, current["resourceVersion"]!.GetValue<long>());
            Assert.Equal(last.Marker, document.MarkerOf(current));
        }
    }

    private static string ETag(long version) => string.Create(CultureInfo.InvariantCulture, $"\"{version}\"");

    private sealed record Document(string Path, Func<string, string> Body, Func<JsonNode, string> MarkerOf);

    private sealed record Outcome(string Marker, long BasedOn, HttpStatusCode Status, string Body, bool RetryAfter, string? MediaType);
}
