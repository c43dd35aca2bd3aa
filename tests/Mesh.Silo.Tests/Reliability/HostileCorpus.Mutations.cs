using System.Text.Json;
using System.Text.Json.Nodes;

namespace Mesh.Silo.Tests.Reliability;

/// <summary>Mutations shared by the families: unknown properties anywhere in a document, values of the wrong type.</summary>
public sealed partial class HostileCorpus
{
    /// <summary>A property no document defines, somewhere in <paramref name="doc"/>; returns where (a JSON path) and its name.</summary>
    private (string Where, string Name) UnknownProperty(JsonObject doc)
    {
        var objects = new List<(string Path, JsonObject Node)>();
        Collect(doc, "", objects);
        var (where, node) = Pick(objects);
        var name = Pick(["extra", "colour", "weights", "x-1", "__proto__", "$type", "é", "\u202Eevil", "", " ", "routes ", "Name"]);
        if (node.ContainsKey(name))
        {
            name += "2";
        }

        node[name] = Pick<JsonNode?>([1, "x", null, new JsonArray(), new JsonObject(), true]);
        return (where, name);
    }

    private static void Collect(JsonNode? node, string path, List<(string, JsonObject)> objects)
    {
        switch (node)
        {
            case JsonObject obj when !path.EndsWith(".labels", StringComparison.Ordinal) && !path.EndsWith(".headers", StringComparison.Ordinal)
                && !path.EndsWith(".query", StringComparison.Ordinal) && path != "labels":
                objects.Add((path, obj));
                foreach (var (key, value) in obj)
                {
                    Collect(value, path.Length == 0 ? key : $"{path}.{key}", objects);
                }

                break;
            case JsonObject map:
                foreach (var (key, value) in map)
                {
                    Collect(value, $"{path}.{key}", objects);
                }

                break;
            case JsonArray array:
                for (var i = 0; i < array.Count; i++)
                {
                    Collect(array[i], $"{path}[{i}]", objects);
                }

                break;
        }
    }

    private JsonNode? WrongType(JsonNode value) => value.GetValueKind() switch
    {
        JsonValueKind.Array => Pick<JsonNode?>(["x", 1, new JsonObject(), true]),
        JsonValueKind.Object => Pick<JsonNode?>(["x", 1, new JsonArray(), false]),
        JsonValueKind.String => Pick<JsonNode?>([1, new JsonArray(), new JsonObject(), true]),
        JsonValueKind.Number => Pick<JsonNode?>(["1", new JsonArray(), new JsonObject(), true, 1.5, 1e300]),
        _ => Pick<JsonNode?>(["x", new JsonArray()]),
    };
}
