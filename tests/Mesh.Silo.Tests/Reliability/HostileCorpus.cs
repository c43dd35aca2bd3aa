using System.Net;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Mesh.Silo.Tests.Reliability;

/// <summary>
/// A deterministic (seeded) generator of requests every write endpoint of the Rules API must refuse: malformed,
/// truncated, oversized, deeply nested, wrongly typed and semantically wrong documents, bad names in bodies and in
/// path segments, bad preconditions and wrong content types. Every request is built to be invalid, so a test can
/// assert that none of them changes anything.
/// </summary>
public sealed partial class HostileCorpus
{
    private static readonly JsonSerializerOptions Escaped = new();
    private static readonly JsonSerializerOptions Raw = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private readonly Random _random;
    private readonly string _service;
    private readonly string _endpoint;

    private HostileCorpus(int seed, string service, string endpoint)
    {
        _random = new Random(seed);
        _service = service;
        _endpoint = endpoint;
    }

    private string Services => $"/api/v1/services/{_service}";

    /// <summary>
    /// At least <paramref name="count"/> requests against the documents of <paramref name="service"/>, which must hold
    /// routes and a policy at version 1 and an endpoint <paramref name="endpoint"/>.
    /// </summary>
    public static IReadOnlyList<HostileRequest> Generate(int seed, int count, string service, string endpoint)
    {
        var corpus = new HostileCorpus(seed, service, endpoint);
        var families = corpus.Families();
        var requests = new List<HostileRequest>(count + families.Count);
        for (var i = 0; requests.Count < count || i < families.Count; i++)
        {
            requests.Add(families[i % families.Count]());
        }

        return requests;
    }

    private List<Func<HostileRequest>> Families() =>
    [
        .. Syntax(), .. Sizes(), .. Preconditions(), .. ContentTypes(), .. PathSegments(),
        .. RouteSemantics(), .. PolicySemantics(), .. EndpointSemantics(), .. RollbackSemantics(),
    ];

    /// <summary>The write endpoints that take a JSON body, each with a valid body for it.</summary>
    private (HttpMethod Method, string Path, Func<JsonObject> Valid)[] Targets() =>
    [
        (HttpMethod.Put, $"{Services}/routes", ValidRoutes),
        (HttpMethod.Put, $"{Services}/policy", ValidPolicy),
        (HttpMethod.Put, $"{Services}/endpoints/e-new", ValidEndpoint),
        (HttpMethod.Post, $"{Services}/routes/rollback", () => new JsonObject { ["toVersion"] = 1 }),
        (HttpMethod.Post, $"{Services}/policy/rollback", () => new JsonObject { ["toVersion"] = 1 }),
    ];

    private (HttpMethod Method, string Path, Func<JsonObject> Valid) AnyTarget() => Pick(Targets());

    private IEnumerable<Func<HostileRequest>> Syntax()
    {
        yield return () =>
        {
            var (method, path, valid) = AnyTarget();
            var text = Json(valid());
            return Request("truncated", method, path, text[..Next(1, text.Length - 1)], "$");
        };
        yield return () =>
        {
            var (method, path, valid) = AnyTarget();
            var text = Json(valid());
            var garbage = Pick(["}", "]", ",", "x", "{}", "[]", "null", "\"", ":1", "/* c */", "\u0000"]);
            return Request("trailing garbage", method, path, text + Pick(["", " ", "\n"]) + garbage, "$");
        };
        yield return () =>
        {
            var (method, path, _) = AnyTarget();
            var text = Pick([
                "", " ", "null", "true", "42", "\"routes\"", "[]", "[{}]", "{", "}", "{\"routes\":}", "{'routes':[]}",
                "{routes:[]}", "{\"routes\":[],}", "{\"routes\":[/* c */]}", "{\"routes\":NaN}", "{\"toVersion\":Infinity}",
                "\uFEFF{\"routes\":[", "{\"a\":\"\\x41\"}", "{\"a\":\"\\uD8\"}", "{\"a\":01}", "{\"a\":1.}", "{\"a\":-}", "{\"a\" 1}",
            ]);
            return Request("malformed", method, path, text, "$");
        };
        yield return () =>
        {
            var (method, path, valid) = AnyTarget();
            var bytes = Encoding.UTF8.GetBytes(Json(valid()));
            var at = Next(1, bytes.Length - 1);
            var broken = bytes[..at].Concat(Pick<byte[]>([[0xFF], [0xC3], [0xED, 0xA0, 0x80], [0xF8, 0x88, 0x80, 0x80, 0x80], [0x00], [0x1B]])).Concat(bytes[at..]).ToArray();
            return new HostileRequest("bytes", method, path, broken, "application/json", null, null);
        };
        yield return () =>
        {
            var (method, path, _) = AnyTarget();
            var bytes = new byte[Next(1, 512)];
            _random.NextBytes(bytes);
            bytes[0] = (byte)Pick("[]\"0123456789-tfn\u0001xyz#!"u8.ToArray());
            return new HostileRequest("random bytes", method, path, bytes, "application/json", null, "$");
        };
        yield return () =>
        {
            // A string value with a raw control character (JSON requires it escaped).
            var (method, path, valid) = AnyTarget();
            var text = Json(valid());
            var quote = text.IndexOf(":\"", StringComparison.Ordinal);
            return quote < 0
                ? Request("control char", method, path, text.Replace("{", "{\u0001", StringComparison.Ordinal), "$")
                : Request("control char", method, path, text.Insert(quote + 2, ((char)Next(0, 31)).ToString()), "$");
        };
        yield return () =>
        {
            var (method, path, valid) = AnyTarget();
            var doc = valid();
            var key = Pick(doc.Select(p => p.Key).ToArray());
            var text = Json(doc);
            return Request("duplicate property", method, path, text.Insert(1, $"\"{key}\":{doc[key]!.ToJsonString()},"), null);
        };
        yield return () =>
        {
            var (method, path, valid) = AnyTarget();
            var doc = valid();
            var (where, name) = UnknownProperty(doc);
            return Request("unknown property", method, path, Json(doc), where.Length == 0 ? name : $"{where}.{name}");
        };
        yield return () =>
        {
            // Property names are case-sensitive: a capitalised known name is an unknown property.
            var (method, path, valid) = AnyTarget();
            var doc = valid();
            var key = Pick(doc.Select(p => p.Key).ToArray());
            var value = doc[key]!.DeepClone();
            doc.Remove(key);
            var renamed = Pick([key.ToUpperInvariant(), char.ToUpperInvariant(key[0]) + key[1..], key + " ", "\u200B" + key]);
            doc[renamed] = value;
            return Request("property case", method, path, Json(doc), renamed);
        };
        yield return () =>
        {
            var (method, path, valid) = AnyTarget();
            var doc = valid();
            var key = Pick(doc.Select(p => p.Key).ToArray());
            doc[key] = WrongType(doc[key]!);
            return Request("wrong type", method, path, Json(doc), key);
        };
        yield return () =>
        {
            var (method, path, _) = AnyTarget();
            var depth = Next(33, 2000);
            var open = Pick(["[", "{\"a\":"]);
            var close = open == "[" ? "]" : "}";
            var key = method == HttpMethod.Post ? "toVersion" : path.EndsWith("/routes", StringComparison.Ordinal) ? "routes" : "labels";
            var text = $"{{\"{key}\":{string.Concat(Enumerable.Repeat(open, depth))}1{string.Concat(Enumerable.Repeat(close, depth))}}}";
            return Request("deep nesting", method, path, text, "$");
        };
    }

    private IEnumerable<Func<HostileRequest>> Sizes()
    {
        yield return () =>
        {
            var (method, path, valid) = AnyTarget();
            var doc = valid();
            doc["padding"] = new string(Pick(['x', 'é', ' ']), Next(1024 * 1024 + 1, 1200 * 1024));
            return Request("over the size limit", method, path, doc.ToJsonString(Raw), "$") with { Chunked = Next(0, 2) == 0 };
        };
        yield return () =>
        {
            // Big but within the limit: a huge string where a name goes.
            var (method, path, valid) = AnyTarget();
            var doc = valid();
            var key = Pick(doc.Select(p => p.Key).ToArray());
            var (where, name) = UnknownProperty(doc);
            doc[name] = new string('a', Next(10_000, 900_000));
            return Request("huge string", method, path, Json(doc), where.Length == 0 ? name : $"{where}.{name}") with { Family = $"huge string near {key}" };
        };
    }

    private IEnumerable<Func<HostileRequest>> Preconditions()
    {
        yield return () =>
        {
            var (method, path, valid) = Pick(Targets().Where(t => !t.Path.Contains("/endpoints/", StringComparison.Ordinal)).ToArray());
            var ifMatch = Pick([
                "abc", "1", "\"\"", "\"", "\"1", "1\"", "\"1\", \"2\"", "\"-1\"", "\"+1\"", "\" 1\"", "\"1.0\"", "\"0x1\"",
                "\"99999999999999999999\"", "W/", "W/\"\"", "W/abc", "\"1\"x", "**", "\"a\"", "W/\"1\", *",
            ]);
            return Request("bad If-Match", method, path, Json(valid()), "If-Match") with { IfMatch = ifMatch };
        };
        yield return () =>
        {
            var (method, path, valid) = Pick(Targets().Where(t => !t.Path.Contains("/endpoints/", StringComparison.Ordinal)).ToArray());
            return Request("stale If-Match", method, path, Json(valid()), null) with
            {
                IfMatch = Pick(["\"0\"", "\"2\"", "\"999\"", "W/\"0\"", "\"9223372036854775807\""]),
                Status = HttpStatusCode.PreconditionFailed,
            };
        };
        yield return () =>
        {
            var path = Pick(new[] { "routes", "policy" });
            var doc = path == "routes" ? ValidRoutes() : ValidPolicy();
            doc["resourceVersion"] = Pick<JsonNode>([0, 2, 77, -1, long.MaxValue]);
            return Request("stale resourceVersion", HttpMethod.Put, $"{Services}/{path}", Json(doc), null) with { Status = HttpStatusCode.PreconditionFailed };
        };
        yield return () =>
        {
            var path = Pick(new[] { "routes", "policy" });
            var doc = path == "routes" ? ValidRoutes() : ValidPolicy();
            doc["resourceVersion"] = Pick<JsonNode>([2, 0, 5]);
            return Request("resourceVersion against If-Match", HttpMethod.Put, $"{Services}/{path}", Json(doc), "resourceVersion") with { IfMatch = "\"1\"" };
        };
        yield return () =>
        {
            var path = Pick(new[] { "routes", "policy" });
            var doc = path == "routes" ? ValidRoutes() : ValidPolicy();
            doc["resourceVersion"] = Pick<JsonNode>(["1", 1.5, true, new JsonArray(1), new JsonObject(), 1e30]);
            return Request("resourceVersion type", HttpMethod.Put, $"{Services}/{path}", Json(doc), "resourceVersion");
        };
    }

    private IEnumerable<Func<HostileRequest>> ContentTypes()
    {
        yield return () =>
        {
            var (method, path, valid) = AnyTarget();
            var type = Pick(["text/plain", "application/xml", "application/x-www-form-urlencoded", "image/png", "multipart/form-data; boundary=x", "text/json"]);
            return new HostileRequest("wrong content type", method, path, Encoding.UTF8.GetBytes(Json(valid())), type, null, null, HttpStatusCode.UnsupportedMediaType);
        };
    }

    private static HostileRequest Request(string family, HttpMethod method, string path, string body, string? field) =>
        new(family, method, path, Encoding.UTF8.GetBytes(body), "application/json", null, field);

    private string Json(JsonNode node) => node.ToJsonString(Next(0, 2) == 0 ? Escaped : Raw);

    private int Next(int min, int max) => _random.Next(min, max);

    private T Pick<T>(IReadOnlyList<T> items) => items[_random.Next(items.Count)];
}
