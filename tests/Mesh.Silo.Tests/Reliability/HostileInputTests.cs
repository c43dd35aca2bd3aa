using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Mesh.Silo.Tests.Infrastructure;
using Mesh.Testing;
using Xunit.Abstractions;

namespace Mesh.Silo.Tests.Reliability;

/// <summary>
/// The hostile corpus against every write endpoint of one real (embedded) silo: no 5xx, the process alive, every
/// answer a 4xx problem document naming the field or the reason, and nothing stored changed.
/// </summary>
[Collection(EmbeddedSiloCollection.Name)]
public sealed class HostileInputTests(EmbeddedSiloFixture fixture, ITestOutputHelper output)
{
    private const int Seed = 20261125;
    private const int CorpusSize = 5000;
    private const int Parallelism = 8;

    private const string Endpoint = """{"address":"http://127.0.0.1:9001","labels":{"version":"v1"}}""";

    /// <summary>Words that only an internal error (a type name, an exception) would put into an answer.</summary>
    private static readonly string[] Internals = ["System.", "Mesh.", "`1", "Exception", "Nullable", "could not be converted"];

    [Fact]
    public async Task Corpus_AgainstEveryWriteEndpoint_IsRefusedWith4xxProblemsNamingTheField_AndChangesNothing()
    {
        var service = $"hostile-{Guid.NewGuid():N}"[..20];
        using var http = new HttpClient { BaseAddress = fixture.Silo.ApiUrl, Timeout = TimeSpan.FromSeconds(20) };
        await PutAsync(http, $"/api/v1/services/{service}/routes", HostileCorpus.FullRoutes);
        await PutAsync(http, $"/api/v1/services/{service}/policy", HostileCorpus.FullPolicy);
        await PutAsync(http, $"/api/v1/services/{service}/endpoints/e-1", Endpoint);
        var before = await StateAsync(http, service);
        var corpus = HostileCorpus.Generate(Seed, CorpusSize, service, "e-1");

        var clock = Stopwatch.StartNew();
        var failures = new ConcurrentQueue<string>();
        var statuses = new ConcurrentDictionary<int, int>();
        await Parallel.ForEachAsync(corpus, new ParallelOptions { MaxDegreeOfParallelism = Parallelism }, async (request, cancellationToken) =>
        {
            var (status, problem) = await SendAsync(http, request, cancellationToken);
            statuses.AddOrUpdate(status, 1, (_, n) => n + 1);
            if (problem is not null)
            {
                failures.Enqueue($"{problem}\n    request: {request}");
            }
        });
        var elapsed = clock.Elapsed;

        output.WriteLine($"{corpus.Count} requests in {elapsed.TotalSeconds:F1} s; answers: {string.Join(", ", statuses.OrderBy(s => s.Key).Select(s => $"{s.Key} ×{s.Value}"))}");
        foreach (var family in corpus.GroupBy(r => r.Family.Split(' ')[0] == "huge" ? "huge string" : r.Family).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            output.WriteLine($"  {family.Key}: {family.Count()}");
        }

        foreach (var kind in failures.GroupBy(f => f[..Math.Min(f.Length, 60)], StringComparer.Ordinal).OrderByDescending(g => g.Count()))
        {
            output.WriteLine($"wrong ×{kind.Count()}: {kind.First()}");
        }

        Assert.True(failures.IsEmpty, $"{failures.Count} of {corpus.Count} answers were wrong; the first ones:\n{string.Join("\n", failures.Take(25))}");
        Assert.False(fixture.Silo.HasExited, "the silo exited");
        using (var health = await http.GetAsync(new Uri("/health", UriKind.Relative)))
        {
            Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        }

        var after = await StateAsync(http, service);
        Assert.Equal(before, after);
    }

    private static async Task PutAsync(HttpClient http, string path, string json)
    {
        using var response = await http.PutJsonAsync(path, json);
        await response.ReadJsonAsync(HttpStatusCode.OK);
    }

    /// <summary>Every document of the service with its version and history, and the names of all services.</summary>
    private static async Task<string> StateAsync(HttpClient http, string service)
    {
        var names = (await http.GetJsonAsync("/api/v1/services")).AsArray().Select(s => s!["name"]!.GetValue<string>()).Order(StringComparer.Ordinal);
        var parts = new List<string> { string.Join(",", names) };
        foreach (var path in new[] { "", "/routes", "/routes/history", "/policy", "/policy/history" })
        {
            parts.Add(ApiClient.Canonical(await http.GetJsonAsync($"/api/v1/services/{service}{path}")));
        }

        return string.Join("\n", parts);
    }

    /// <summary>Sends one request; returns its status and what is wrong with the answer, if anything.</summary>
    private static async Task<(int Status, string? Problem)> SendAsync(HttpClient http, HostileRequest request, CancellationToken cancellationToken)
    {
        using var message = new HttpRequestMessage(request.Method, new Uri(request.Path, UriKind.Relative));
        if (request.Body is not null)
        {
            message.Content = request.Chunked ? new ChunkedContent(request.Body) : new ByteArrayContent(request.Body);
            if (request.ContentType is not null)
            {
                message.Content.Headers.TryAddWithoutValidation("Content-Type", request.ContentType);
            }
        }

        if (request.IfMatch is not null)
        {
            message.Headers.TryAddWithoutValidation("If-Match", request.IfMatch);
        }

        HttpResponseMessage response;
        try
        {
            response = await http.SendAsync(message, cancellationToken);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            return (0, $"no answer: {e.GetType().Name}: {e.Message}");
        }

        using (response)
        {
            var status = (int)response.StatusCode;
            var body = await response.Content.ReadAsStringAsync(cancellationToken);
            return (status, Check(request, response, status, body));
        }
    }

    private static string? Check(HostileRequest request, HttpResponseMessage response, int status, string body)
    {
        var shown = body.Length > 600 ? body[..600] + "…" : body;
        if (status != (int)request.Status)
        {
            return $"expected {(int)request.Status} but got {status}: {shown}";
        }

        if (response.Content.Headers.ContentType?.MediaType != "application/problem+json")
        {
            return $"{status} is not a problem document ({response.Content.Headers.ContentType}): {shown}";
        }

        JsonObject problem;
        try
        {
            problem = JsonNode.Parse(body)!.AsObject();
        }
        catch (JsonException e)
        {
            return $"{status} with a body that is not JSON ({e.Message}): {shown}";
        }

        if (problem["title"]?.GetValue<string>() is not { Length: > 0 })
        {
            return $"{status} without a title: {shown}";
        }

        if (Internals.FirstOrDefault(w => body.Contains(w, StringComparison.Ordinal)) is { } leak)
        {
            return $"{status} speaks of internals ('{leak}'): {shown}";
        }

        if (status != (int)HttpStatusCode.BadRequest)
        {
            return problem["detail"]?.GetValue<string>() is { Length: > 0 } ? null : $"{status} without a detail: {shown}";
        }

        if (problem["errors"] is not JsonObject { Count: > 0 } errors)
        {
            return $"400 without errors: {shown}";
        }

        if (errors.Any(e => e.Value is not JsonArray { Count: > 0 } reasons || reasons.Any(r => r?.GetValue<string>() is not { Length: > 0 })))
        {
            return $"400 with a field but no reason: {shown}";
        }

        return request.Field is null || errors.Any(e => e.Key.StartsWith(request.Field, StringComparison.Ordinal))
            ? null
            : $"400 does not name '{request.Field}': {shown}";
    }

    /// <summary>A body sent without a Content-Length (chunked), so the server learns its size only by reading it.</summary>
    private sealed class ChunkedContent(byte[] body) : HttpContent
    {
        protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) => stream.WriteAsync(body).AsTask();

        protected override bool TryComputeLength(out long length)
        {
            length = 0;
            return false;
        }
    }
}
