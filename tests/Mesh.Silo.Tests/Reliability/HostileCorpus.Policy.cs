using System.Text.Json.Nodes;

namespace Mesh.Silo.Tests.Reliability;

/// <summary>Service policies that parse but break the rules.</summary>
public sealed partial class HostileCorpus
{
    public const string FullPolicy = """
        {"subsets":[{"name":"v1","labels":{"version":"v1"}},{"name":"v2","labels":{"version":"v2","zone":"a"}}],
         "loadBalancer":{"algorithm":"least-request"},
         "circuitBreaker":{"maxConcurrentRequests":100,"maxPendingRequests":50},
         "outlierDetection":{"consecutive5xx":5,"interval":"10s","baseEjectionTime":"30s","maxEjectionPercent":50},
         "healthCheck":{"path":"/healthz","interval":"5s","unhealthyThreshold":3,"healthyThreshold":2},
         "rateLimit":{"requestsPerSecond":100,"burst":20,"scope":"instance"}}
        """;

    private static JsonObject ValidPolicy() => JsonNode.Parse(FullPolicy)!.AsObject();

    private IEnumerable<Func<HostileRequest>> PolicySemantics()
    {
        foreach (var mutation in PolicyMutations())
        {
            yield return () =>
            {
                var doc = ValidPolicy();
                var field = mutation(doc);
                return Request("policy semantics", HttpMethod.Put, $"{Services}/policy", Json(doc), field);
            };
        }
    }

    private IEnumerable<Func<JsonObject, string>> PolicyMutations()
    {
        yield return doc =>
        {
            var i = Next(0, 2);
            doc["subsets"]![i]!["name"] = Pick<JsonNode?>([BadName(NameKind.Name), null]);
            return $"subsets[{i}].name";
        };
        yield return doc =>
        {
            doc["subsets"]![1]!["name"] = "v1";
            return "subsets[1].name";
        };
        yield return doc =>
        {
            var i = Next(0, 2);
            doc["subsets"]![i]!["labels"] = Pick<JsonNode?>([new JsonObject(), null]);
            return $"subsets[{i}].labels";
        };
        yield return doc =>
        {
            var i = Next(0, 2);
            doc["subsets"]![i]!.AsObject().Remove("name");
            return $"subsets[{i}]";
        };
        yield return doc =>
        {
            var i = Next(0, 2);
            var key = BadName(NameKind.LabelKey);
            doc["subsets"]![i]!["labels"]![key] = "v1";
            return $"subsets[{i}].labels.{key}";
        };
        yield return doc =>
        {
            var value = BadName(NameKind.LabelValue);
            doc["subsets"]![0]!["labels"]!["version"] = value;
            return "subsets[0].labels.version";
        };
        yield return doc =>
        {
            doc["subsets"]![0]!["labels"] = new JsonObject(Enumerable.Range(0, Next(33, 200)).Select(i => KeyValuePair.Create($"k{i}", (JsonNode?)"v")));
            return "subsets[0].labels";
        };
        yield return doc =>
        {
            doc["subsets"]![0]!["labels"]!["version"] = Pick<JsonNode?>([1, true, new JsonObject(), new JsonArray(), null]);
            return "subsets[0].labels";
        };
        yield return doc =>
        {
            doc["subsets"] = new JsonArray(Enumerable.Range(0, Next(65, 300)).Select(i => (JsonNode)new JsonObject
            {
                ["name"] = $"s{i}",
                ["labels"] = new JsonObject { ["version"] = $"s{i}" },
            }).ToArray());
            return "subsets";
        };
        yield return doc =>
        {
            doc["subsets"]![Next(0, 2)] = null;
            return "subsets[";
        };
        yield return doc =>
        {
            doc["loadBalancer"]!["algorithm"] = Pick<JsonNode>(["fastest", "Random", "ROUND_ROBIN", "", "round-robin ", "least_request", 1]);
            return "loadBalancer.algorithm";
        };
        yield return doc =>
        {
            doc["loadBalancer"] = Pick<JsonNode>([
                new JsonObject { ["algorithm"] = "consistent-hash" },
                new JsonObject { ["algorithm"] = "consistent-hash", ["hashOn"] = new JsonObject() },
                new JsonObject { ["algorithm"] = "consistent-hash", ["hashOn"] = new JsonObject { ["header"] = "x", ["cookie"] = "y" } },
                new JsonObject { ["algorithm"] = "random", ["hashOn"] = new JsonObject { ["header"] = "x" } },
                new JsonObject { ["hashOn"] = new JsonObject { ["cookie"] = "x" } },
            ]);
            return "loadBalancer.hashOn";
        };
        yield return doc =>
        {
            var kind = Pick(["header", "cookie"]);
            doc["loadBalancer"] = new JsonObject { ["algorithm"] = "consistent-hash", ["hashOn"] = new JsonObject { [kind] = BadName(NameKind.Name) } };
            return $"loadBalancer.hashOn.{kind}";
        };
        yield return doc =>
        {
            var (property, min, max) = Pick([("maxConcurrentRequests", 1, 1_000_000), ("maxPendingRequests", 0, 1_000_000)]);
            doc["circuitBreaker"]![property] = Pick([min - 1, min - 1000, max + 1, int.MaxValue, int.MinValue]);
            return $"circuitBreaker.{property}";
        };
        yield return doc =>
        {
            var (property, min, max) = Pick([("consecutive5xx", 1, 1000), ("maxEjectionPercent", 0, 100)]);
            doc["outlierDetection"]![property] = Pick([min - 1, max + 1, int.MinValue]);
            return $"outlierDetection.{property}";
        };
        yield return doc =>
        {
            var property = Pick(["interval", "baseEjectionTime"]);
            doc["outlierDetection"]![property] = Pick(BadDurations.Append("2h").ToArray());
            return $"outlierDetection.{property}";
        };
        yield return doc =>
        {
            doc["healthCheck"]!["path"] = Pick<JsonNode?>(["healthz", "", null, "/" + new string('h', 1024), " /healthz", "http://x/healthz"]);
            return "healthCheck.path";
        };
        yield return doc =>
        {
            doc["healthCheck"]!["interval"] = Pick(BadDurations);
            return "healthCheck.interval";
        };
        yield return doc =>
        {
            var property = Pick(["unhealthyThreshold", "healthyThreshold"]);
            doc["healthCheck"]![property] = Pick<JsonNode>([0, -1, 101, "3", 2.5]);
            return $"healthCheck.{property}";
        };
        yield return doc =>
        {
            var property = Pick(["requestsPerSecond", "burst"]);
            doc["rateLimit"]![property] = Pick<JsonNode?>([0, -1, 1_000_001, int.MaxValue, property == "burst" ? 0 : null]);
            return $"rateLimit.{property}";
        };
        yield return doc =>
        {
            doc["rateLimit"]!["scope"] = Pick(["galaxy", "Instance", "", "services", "instance\u0000"]);
            return "rateLimit.scope";
        };
        yield return doc =>
        {
            var section = Pick(["loadBalancer", "circuitBreaker", "outlierDetection", "healthCheck", "rateLimit", "subsets"]);
            doc[section] = Pick<JsonNode>(["on", 1, true, section == "subsets" ? new JsonObject() : new JsonArray()]);
            return section;
        };
    }
}
