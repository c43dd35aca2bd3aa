using System.Text.Json.Nodes;

namespace Mesh.Silo.Tests.Reliability;

/// <summary>Route tables that parse but break the rules, each naming the field the answer must name.</summary>
public sealed partial class HostileCorpus
{
    public const string FullRoutes = """
        {"routes":[
          {"name":"default","destinations":[{"subset":"v1","weight":90},{"subset":"v2","weight":10}],
           "match":{"headers":{"x-user":{"exact":"a"}},"pathPrefix":"/api","query":{"q":{"prefix":"x"}},"methods":["GET","POST"]},
           "timeout":"2s","retries":{"attempts":2,"perTryTimeout":"500ms","retryOn":["5xx","reset"]},
           "fault":{"delay":{"percent":1,"fixedDelay":"10ms"},"abort":{"percent":1,"httpStatus":503}},
           "mirror":{"subset":"v2","percent":5}},
          {"name":"rest","destinations":[{"subset":"v1"}]}]}
        """;

    private static readonly string[] BadDurations =
    [
        "", "5", "s", "5 s", " 5s", "5s ", "-1s", "0s", "0ms", "2h", "61m", "3601s", "1.5s", "1d", "5S", "5sec", "1e3ms", "+5s",
        "999999999h", "999999999m", "99999999999999999s", "5s5s", "٥s", "5\u0000s", "0x10s", "1h1ms", "3600001ms",
    ];

    private static JsonObject ValidRoutes() => JsonNode.Parse(FullRoutes)!.AsObject();

    private IEnumerable<Func<HostileRequest>> RouteSemantics()
    {
        foreach (var mutation in RouteMutations())
        {
            yield return () =>
            {
                var doc = ValidRoutes();
                var field = mutation(doc, doc["routes"]![0]!.AsObject());
                return Request("route semantics", HttpMethod.Put, $"{Services}/routes", Json(doc), field);
            };
        }
    }

    private IEnumerable<Func<JsonObject, JsonObject, string>> RouteMutations()
    {
        const string D = "routes[0].destinations";
        yield return (_, r) =>
        {
            var j = Next(0, 2);
            return Set(r, $"{D}[{j}].weight", "weight", Pick<JsonNode>([-1, -100, 101, 1000, int.MinValue, int.MaxValue]), r["destinations"]![j]!.AsObject());
        };
        yield return (_, r) =>
        {
            var a = Next(0, 101);
            var b = Pick(Enumerable.Range(0, 101).Where(x => x != 100 - a).ToArray());
            (r["destinations"]![0]!["weight"], r["destinations"]![1]!["weight"]) = (a, b);
            return D;
        };
        yield return (_, r) =>
        {
            var j = Next(0, 2);
            r["destinations"]![j]!.AsObject().Remove("weight");
            return $"{D}[{j}].weight";
        };
        yield return (_, r) => Set(r, $"{D}[1].weight", "weight", Pick<JsonNode>([12.5, "10", 1e20, true, new JsonArray(10)]), r["destinations"]![1]!.AsObject());
        yield return (_, r) =>
        {
            var j = Next(0, 2);
            r["destinations"]![j]!["subset"] = BadName(NameKind.Name);
            return $"{D}[{j}].subset";
        };
        yield return (_, r) => Set(r, $"{D}[1].subset", "subset", "v1", r["destinations"]![1]!.AsObject());
        yield return (_, r) => Set(r, D, "destinations", Pick<JsonNode?>([new JsonArray(), null]), r);
        yield return (_, r) =>
        {
            r["destinations"] = new JsonArray(Enumerable.Range(0, Next(33, 400)).Select(i => (JsonNode)new JsonObject { ["subset"] = $"s{i}", ["weight"] = 0 }).ToArray());
            return D;
        };
        yield return (doc, _) =>
        {
            doc["routes"] = new JsonArray(Enumerable.Range(0, Next(257, 1200)).Select(i => (JsonNode)new JsonObject
            {
                ["name"] = $"r{i}",
                ["destinations"] = new JsonArray(new JsonObject { ["subset"] = "v1" }),
            }).ToArray());
            return "routes";
        };
        yield return (doc, _) =>
        {
            var i = Next(0, 2);
            doc["routes"]![i]!["name"] = BadName(NameKind.Name);
            return $"routes[{i}].name";
        };
        yield return (doc, _) =>
        {
            doc["routes"]![1]!["name"] = "default";
            return "routes[1].name";
        };
        yield return (doc, _) =>
        {
            var i = Next(0, 2);
            doc["routes"]![i]!.AsObject().Remove("name");
            return $"routes[{i}].name";
        };
        yield return (doc, _) =>
        {
            var i = Next(0, 2);
            doc["routes"]![i] = null;
            return $"routes[{i}]";
        };
        yield return (doc, _) =>
        {
            doc["routes"]![0]!["destinations"]![Next(0, 2)] = null;
            return D;
        };
        yield return (doc, _) => Set(doc, "routes", "routes", null, doc);
        yield return (_, r) =>
        {
            var name = Pick(["", "x y", "x:y", "é", "x\u0000", new string('h', 129), "(x)", "x/y", "x@y", "x,y"]);
            r["match"]!["headers"]![name] = new JsonObject { ["exact"] = "1" };
            return $"routes[0].match.headers.{name}";
        };
        yield return (_, r) =>
        {
            var name = Pick(["x y", "é", "x\u0000", new string('q', 129), "x\"y", "x,y", "x;y", "x=y"]);
            r["match"]!["query"]![name] = new JsonObject { ["exact"] = "1" };
            return $"routes[0].match.query.{name}";
        };
        yield return (_, r) =>
        {
            r["match"]!["headers"]!["x-user"] = Pick<JsonNode?>([
                new JsonObject(), new JsonObject { ["exact"] = "a", ["prefix"] = "b" }, new JsonObject { ["present"] = true, ["regex"] = "a" },
                new JsonObject { ["exact"] = new string('e', Next(1025, 5000)) }, new JsonObject { ["prefix"] = new string('p', 1025) }, null,
            ]);
            return "routes[0].match.headers.x-user";
        };
        yield return (_, r) =>
        {
            r["match"]!["headers"]!["x-user"] = new JsonObject { ["regex"] = Pick(["(", "[a-", "a{2,1}", "(?<n>a)\\k<n>", "(a)\\1", "(?=a)a", "(?<=a)b", "(?!a)", "\\", "a**", "(?(a)b|c)", new string('a', 257), "[z-a]", "\\p{Nope}", "(a|aa|aaa|aaaa){500}", "x{101}", "[a-z]{1,1000}", "(a{1000}){1000}", "\\d{99999999999}"]) };
            return "routes[0].match.headers.x-user.regex";
        };
        yield return (_, r) =>
        {
            r["match"]!["headers"] = new JsonObject(Enumerable.Range(0, Next(33, 300)).Select(i => KeyValuePair.Create($"h{i}", (JsonNode?)new JsonObject { ["present"] = true })));
            return "routes[0].match.headers";
        };
        yield return (_, r) =>
        {
            var match = r["match"]!.AsObject();
            match.Remove("pathPrefix");
            match["path"] = Pick<JsonNode>([new JsonObject { ["exact"] = "api" }, new JsonObject { ["prefix"] = "api/" }, new JsonObject()]);
            return "routes[0].match.path";
        };
        yield return (_, r) => Set(r, "routes[0].match.pathPrefix", "path", new JsonObject { ["prefix"] = "/x" }, r["match"]!.AsObject());
        yield return (_, r) => Set(r, "routes[0].match.pathPrefix", "pathPrefix", Pick(["api", "", "x/", "/" + new string('p', 1024)]), r["match"]!.AsObject());
        yield return (_, r) =>
        {
            var methods = r["match"]!["methods"]!.AsArray();
            if (Next(0, 7) == 0)
            {
                methods[1] = methods[0]!.GetValue<string>();
                return "routes[0].match.methods[1]";
            }

            var i = Next(0, 2);
            methods[i] = Pick<JsonNode?>(["get", "FETCH", "", " GET", "G\u0000T", null, "GET\n"]);
            return $"routes[0].match.methods[{i}]";
        };
        yield return (_, r) => Set(r, "routes[0].timeout", "timeout", Pick(BadDurations), r);
        yield return (_, r) => Set(r, "routes[0].retries.perTryTimeout", "perTryTimeout", Pick(BadDurations.Append("3s").Append("1h").ToArray()), r["retries"]!.AsObject());
        yield return (_, r) => Set(r, "routes[0].retries.attempts", "attempts", Pick<JsonNode?>([0, -1, 11, 1000, null]), r["retries"]!.AsObject());
        yield return (_, r) => Set(r, "routes[0].retries.retryOn", "retryOn", Pick<JsonNode?>([new JsonArray(), null]), r["retries"]!.AsObject());
        yield return (_, r) => Set(r, "routes[0].retries.retryOn[1]", "retryOn", new JsonArray("5xx", Pick<JsonNode?>(["sometimes", "5XX", "", "4xx", null])), r["retries"]!.AsObject());
        yield return (_, r) => Set(r, "routes[0].fault", "fault", new JsonObject(), r);
        yield return (_, r) =>
        {
            var delay = r["fault"]!["delay"]!.AsObject();
            return Next(0, 2) == 0
                ? Set(r, "routes[0].fault.delay.fixedDelay", "fixedDelay", Pick<JsonNode?>([.. BadDurations, null]), delay)
                : Set(r, "routes[0].fault.delay.percent", "percent", Pick<JsonNode?>([-0.1, 100.5, 1e9, null, -1e-9]), delay);
        };
        yield return (_, r) =>
        {
            var abort = r["fault"]!["abort"]!.AsObject();
            return Next(0, 2) == 0
                ? Set(r, "routes[0].fault.abort.httpStatus", "httpStatus", Pick<JsonNode?>([0, 99, 199, 600, 999, -503, null]), abort)
                : Set(r, "routes[0].fault.abort.percent", "percent", Pick<JsonNode?>([-5, 101, null, "5"]), abort);
        };
        yield return (_, r) => Set(r, "routes[0].mirror.subset", "subset", Pick<JsonNode?>([BadName(NameKind.Name), null]), r["mirror"]!.AsObject());
        yield return (_, r) => Set(r, "routes[0].mirror.percent", "percent", Pick<JsonNode>([-1, 100.01, 1e308, "5"]), r["mirror"]!.AsObject());
    }

    /// <summary>Sets (or, for <c>null</c> where the property is optional, removes nothing) one property and returns the field.</summary>
    private static string Set(JsonObject _, string field, string property, JsonNode? value, JsonObject owner)
    {
        owner[property] = value;
        return field;
    }
}
