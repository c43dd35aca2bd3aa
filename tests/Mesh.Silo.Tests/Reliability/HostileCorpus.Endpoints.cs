using System.Net;
using System.Text.Json.Nodes;

namespace Mesh.Silo.Tests.Reliability;

/// <summary>Endpoint registrations, rollbacks and URL path segments that break the rules.</summary>
public sealed partial class HostileCorpus
{
    private static readonly string[] BadAddresses =
    [
        "", " ", "not a url", "127.0.0.1:9001", "//127.0.0.1:9001", "ftp://127.0.0.1:9001", "file:///etc/passwd", "http://",
        "http://127.0.0.1:9001/path", "http://127.0.0.1:9001/?q=1", "http://127.0.0.1:9001/#f", "http://user:pw@127.0.0.1:9001",
        "http://127.0.0.1:99999", "http://[::1", "javascript:alert(1)", "http://127.0.0.1:9001\u0000", "unix:/tmp/x.sock", "grpc://x:1",
        "http://exa mple.com", "mailto:a@b",
    ];

    private static JsonObject ValidEndpoint() => new() { ["address"] = "http://127.0.0.1:9001", ["labels"] = new JsonObject { ["version"] = "v9" } };

    private IEnumerable<Func<HostileRequest>> EndpointSemantics()
    {
        var path = $"{Services}/endpoints/e-new";
        yield return () =>
        {
            var doc = ValidEndpoint();
            doc["address"] = Next(0, 8) == 0
                ? Pick<JsonNode?>([null, "http://127.0.0.1:9001/" + new string('a', 2048), "http://" + new string('h', Next(2100, 5000)) + ":1"])
                : Pick(BadAddresses);
            return Request("endpoint semantics", HttpMethod.Put, path, Json(doc), "address");
        };
        yield return () =>
        {
            var doc = ValidEndpoint();
            doc.Remove("address");
            return Request("endpoint semantics", HttpMethod.Put, path, Json(doc), "address");
        };
        yield return () =>
        {
            var doc = ValidEndpoint();
            var key = BadName(NameKind.LabelKey);
            doc["labels"]![key] = "v";
            return Request("endpoint label key", HttpMethod.Put, path, Json(doc), $"labels.{key}");
        };
        yield return () =>
        {
            var doc = ValidEndpoint();
            doc["labels"]!["version"] = BadName(NameKind.LabelValue);
            return Request("endpoint label value", HttpMethod.Put, path, Json(doc), "labels.version");
        };
        yield return () =>
        {
            var doc = ValidEndpoint();
            doc["labels"] = new JsonObject(Enumerable.Range(0, Next(33, 500)).Select(i => KeyValuePair.Create($"k{i}", (JsonNode?)"v")));
            return Request("endpoint labels", HttpMethod.Put, path, Json(doc), "labels");
        };
        yield return () =>
        {
            var doc = ValidEndpoint();
            doc["labels"]!["version"] = Pick<JsonNode?>([1, false, new JsonObject(), new JsonArray(), null, 1.5]);
            return Request("endpoint label type", HttpMethod.Put, path, Json(doc), "labels");
        };
        yield return () =>
        {
            // A valid body under an id that breaks the rules.
            var id = BadName(NameKind.Id);
            return id.Length == 0
                ? Request("endpoint id", HttpMethod.Put, $"{Services}/endpoints/%20", Json(ValidEndpoint()), "id")
                : Request("endpoint id", HttpMethod.Put, $"{Services}/endpoints/{Segment(id)}", Json(ValidEndpoint()), "id");
        };
        yield return () =>
        {
            var id = BadName(NameKind.Id);
            return new HostileRequest("delete endpoint id", HttpMethod.Delete, $"{Services}/endpoints/{Segment(id.Length == 0 ? " " : id)}", null, null, null, "id");
        };
        yield return () =>
            new HostileRequest("delete unknown endpoint", HttpMethod.Delete, $"{Services}/endpoints/{Valid(Next(1, 20))}-x", null, null, null, null, HttpStatusCode.NotFound);
    }

    private IEnumerable<Func<HostileRequest>> RollbackSemantics()
    {
        yield return () =>
        {
            var kind = Pick(["routes", "policy"]);
            JsonNode? toVersion = Pick<JsonNode?>([0, -1, 2, 42, long.MaxValue, long.MinValue, null, "1", 1.5, 1e30, true, new JsonArray(1), new JsonObject()]);
            var doc = Next(0, 10) == 0 ? new JsonObject() : new JsonObject { ["toVersion"] = toVersion };
            return Request("rollback", HttpMethod.Post, $"{Services}/{kind}/rollback", Json(doc), "toVersion");
        };
        yield return () =>
        {
            var kind = Pick(["routes", "policy"]);
            return Request("rollback unknown service", HttpMethod.Post, $"/api/v1/services/{Valid(12)}-none/{kind}/rollback", """{"toVersion":1}""", null) with
            {
                Status = HttpStatusCode.NotFound,
            };
        };
    }

    /// <summary>Valid bodies under a service name that breaks the rules, on every write endpoint.</summary>
    private IEnumerable<Func<HostileRequest>> PathSegments()
    {
        yield return () =>
        {
            var service = BadName(NameKind.Service);
            var segment = service.Length == 0 ? "%20" : Segment(service);
            var (method, suffix, body) = Pick<(HttpMethod, string, string?)>([
                (HttpMethod.Put, "routes", Json(ValidRoutes())),
                (HttpMethod.Put, "policy", Json(ValidPolicy())),
                (HttpMethod.Put, "endpoints/e-1", Json(ValidEndpoint())),
                (HttpMethod.Delete, "endpoints/e-1", null),
                (HttpMethod.Post, "routes/rollback", """{"toVersion":1}"""),
                (HttpMethod.Post, "policy/rollback", """{"toVersion":1}"""),
            ]);
            return new HostileRequest("service name", method, $"/api/v1/services/{segment}/{suffix}",
                body is null ? null : System.Text.Encoding.UTF8.GetBytes(body), body is null ? null : "application/json", null, "service");
        };
    }
}
