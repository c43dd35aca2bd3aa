using System.Text.Json.Nodes;

namespace Mesh.Testing;

/// <summary>JSON reads for clients whose base address is set.</summary>
public static class HttpJsonExtensions
{
    public static async Task<JsonNode> GetFromJsonNodeAsync(this HttpClient http, string path) =>
        JsonNode.Parse(await http.GetStringAsync(new Uri(path, UriKind.Relative))) ?? throw new InvalidOperationException($"{path} returned no JSON");
}
