using System.Text.Json;
using System.Text.Json.Serialization;

namespace Mesh.ProxyAgent.Admin;

/// <summary>
/// The admin documents' JSON, generated at build time with the web defaults (camelCase) that <c>Results.Json</c>
/// would apply: no reflection at run time, so the agent also publishes under Native AOT without trimming warnings.
/// </summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(ConfigDump))]
public sealed partial class AdminJsonContext : JsonSerializerContext;
