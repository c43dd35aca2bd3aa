using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Mesh.Testing;

/// <summary>Small helpers for talking JSON to the Rules API.</summary>
public static class ApiClient
{
    public static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    public static Task<HttpResponseMessage> PutJsonAsync(this HttpClient http, string path, string json, string? ifMatch = null) =>
        http.SendJsonAsync(HttpMethod.Put, path, json, ifMatch);

    public static Task<HttpResponseMessage> PostJsonAsync(this HttpClient http, string path, string json, string? ifMatch = null) =>
        http.SendJsonAsync(HttpMethod.Post, path, json, ifMatch);

    private static async Task<HttpResponseMessage> SendJsonAsync(this HttpClient http, HttpMethod method, string path, string json, string? ifMatch)
    {
        using var request = new HttpRequestMessage(method, path) { Content = Json(json) };
        if (ifMatch is not null)
        {
            request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        }

        return await http.SendAsync(request);
    }

    public static async Task<JsonNode> ReadJsonAsync(this HttpResponseMessage response, HttpStatusCode expected)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"expected {(int)expected} but got {(int)response.StatusCode}: {body}");
        return JsonNode.Parse(body) ?? throw new InvalidOperationException("empty body");
    }

    /// <summary>Asserts a 400 problem+json and returns the paths named in its <c>errors</c>.</summary>
    public static async Task<IReadOnlyList<string>> ReadValidationErrorsAsync(this HttpResponseMessage response)
    {
        var problem = await response.ReadJsonAsync(HttpStatusCode.BadRequest);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var errors = problem["errors"]?.AsObject() ?? throw new InvalidOperationException($"no errors in {problem}");
        Assert.All(errors, e => Assert.False(string.IsNullOrWhiteSpace(e.Value![0]!.GetValue<string>()), $"no reason for {e.Key}"));
        return errors.Select(e => e.Key).ToList();
    }

    public static async Task<JsonNode> GetJsonAsync(this HttpClient http, string path, HttpStatusCode expected = HttpStatusCode.OK)
    {
        using var response = await http.GetAsync(new Uri(path, UriKind.Relative));
        return await response.ReadJsonAsync(expected);
    }

    public static string Canonical(JsonNode? node) => node?.ToJsonString(new JsonSerializerOptions { WriteIndented = false }) ?? "null";
}
