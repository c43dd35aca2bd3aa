using System.Text;
using System.Text.Json.Nodes;
using Mesh.Demo.Processes;
using Mesh.Demo.Topology;

namespace Mesh.Demo.Routing;

/// <summary>The split the demo starts with, written through the Rules API like any operator would.</summary>
public static class DefaultSplit
{
    public static IReadOnlyList<(string Subset, int Weight)> Weights { get; } = [("v1", 90), ("v2", 10)];

    public static string Describe => string.Join(" / ", Weights.Select(w => $"{w.Subset} {w.Weight}%"));

    /// <summary>The Rules API document: one route, <c>default</c>, with the weighted destinations.</summary>
    public static string Document => new JsonObject
    {
        ["routes"] = new JsonArray(new JsonObject
        {
            ["name"] = "default",
            ["destinations"] = new JsonArray([.. Weights.Select(w => (JsonNode)new JsonObject { ["subset"] = w.Subset, ["weight"] = w.Weight })]),
        }),
    }.ToJsonString();

    public static async Task WriteAsync(HttpClient http, Uri rulesApi, CancellationToken cancellationToken)
    {
        var url = new Uri(rulesApi, $"/api/v1/services/{DemoTopology.BackendService}/routes");
        using var content = new StringContent(Document, Encoding.UTF8, "application/json");
        using var response = await http.PutAsync(url, content, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw new StartupFailedException(
                $"the Rules API refused the default split ({(int)response.StatusCode}): {await response.Content.ReadAsStringAsync(cancellationToken)}");
        }
    }

    /// <summary>
    /// Whether a proxy's <c>/config_dump</c> shows backend with exactly this split and <paramref name="endpoints"/>
    /// healthy endpoints: then the caller's traffic is split as printed from its first request.
    /// </summary>
    public static bool InForce(string configDump, int endpoints)
    {
        var backend = JsonNode.Parse(configDump)?["services"]?.AsArray()
            .FirstOrDefault(s => (string?)s?["service"] == DemoTopology.BackendService);
        if (backend?["routes"]?.AsArray() is not [{ } route] || route["destinations"]?.AsArray() is not { } destinations)
        {
            return false;
        }

        var split = destinations.Select(d => ((string?)d?["subset"], (int?)d?["weight"])).ToList();
        var healthy = backend["endpoints"]?.AsArray().Count(e => (bool?)e?["healthy"] == true) ?? 0;
        return split.SequenceEqual(Weights.Select(w => ((string?)w.Subset, (int?)w.Weight))) && healthy == endpoints;
    }
}
