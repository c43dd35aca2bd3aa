using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.RegularExpressions;
using Mesh.Model.Validation;

namespace Mesh.Silo.Api;

/// <summary>
/// Strict reading of request bodies: a size limit, well-formed JSON, no unknown or duplicate properties, no
/// numbers in strings, case-sensitive names. Errors name the field by JSON path, like the grains' validation.
/// </summary>
internal static partial class JsonBody
{
    /// <summary>Largest accepted body. Route tables of the maximum size stay far below it.</summary>
    public const int MaxBytes = 1024 * 1024;

    /// <summary>Deepest accepted nesting; the documents themselves nest about six levels.</summary>
    public const int MaxDepth = 32;

    /// <summary>Options for writing responses and reading bodies (camelCase, enums as UPPER_CASE strings).</summary>
    public static JsonSerializerOptions Options { get; } = Configure(new JsonSerializerOptions(JsonSerializerDefaults.Web));

    public static JsonSerializerOptions Configure(JsonSerializerOptions options)
    {
        options.PropertyNameCaseInsensitive = false;
        options.NumberHandling = JsonNumberHandling.Strict;
        options.UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow;
        options.AllowDuplicateProperties = false;
        options.AllowTrailingCommas = false;
        options.ReadCommentHandling = JsonCommentHandling.Disallow;
        options.MaxDepth = MaxDepth;
        options.DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull;
        if (!options.Converters.OfType<JsonStringEnumConverter>().Any())
        {
            options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseUpper));
        }

        return options;
    }

    /// <summary>Reads the body as <typeparamref name="T"/>, or says field by field why it cannot.</summary>
    public static async Task<(T? Value, IReadOnlyList<FieldError> Errors)> ReadAsync<T>(HttpRequest request, CancellationToken cancellationToken)
        where T : class
    {
        if (request.ContentLength > MaxBytes)
        {
            return (null, [TooLarge()]);
        }

        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > MaxBytes)
            {
                return (null, [TooLarge()]);
            }

            buffer.Write(chunk, 0, read);
        }

        if (buffer.Length == 0)
        {
            return (null, [new FieldError("$", "a JSON body is required")]);
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(buffer.GetBuffer().AsMemory(0, (int)buffer.Length),
                new JsonDocumentOptions { MaxDepth = MaxDepth, AllowTrailingCommas = false, CommentHandling = JsonCommentHandling.Disallow });
        }
        catch (JsonException e)
        {
            return (null, [new FieldError("$", $"malformed JSON: {e.Message}")]);
        }

        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                return (null, [new FieldError("$", "must be a JSON object")]);
            }

            try
            {
                var value = document.Deserialize<T>(Options);
                return value is null ? (null, [new FieldError("$", "must be a JSON object")]) : (value, []);
            }
            catch (JsonException e)
            {
                return (null, [Describe(e)]);
            }
        }
    }

    private static FieldError TooLarge() => new("$", $"the body exceeds the limit of {MaxBytes} bytes");

    /// <summary>Turns System.Text.Json's exception into a field path and a reason a user can act on.</summary>
    private static FieldError Describe(JsonException e)
    {
        var path = FieldPath(e.Path);
        var message = e.Message;
        if (UnknownProperty().Match(message) is { Success: true } unknown)
        {
            var property = unknown.Groups[1].Value;
            if (path != property && !path.EndsWith("." + property, StringComparison.Ordinal))
            {
                path = path == "$" ? property : $"{path}.{property}";
            }

            return new FieldError(path, $"unknown property '{property}'");
        }

        if (MissingRequired().Match(message) is { Success: true } missing)
        {
            var property = missing.Groups[1].Value;
            return new FieldError(path == "$" ? property : $"{path}.{property}", "is required");
        }

        if (DuplicateProperty().IsMatch(message))
        {
            return new FieldError(path, "is given more than once");
        }

        if (Conversion().Match(message) is { Success: true } conversion)
        {
            return new FieldError(path, Expected(conversion.Groups[1].Value));
        }

        // Anything else System.Text.Json says names .NET types, which mean nothing to a user of the API.
        return new FieldError(path, "is not valid here: check its type and nesting against the documented format");
    }

    /// <summary>
    /// System.Text.Json's path (<c>$.routes[0].match.headers['x y']</c>) in the form the validators use
    /// (<c>routes[0].match.headers.x y</c>), so one field has one name whoever refuses it.
    /// </summary>
    private static string FieldPath(string? jsonPath)
    {
        if (jsonPath is null or "$")
        {
            return "$";
        }

        var path = BracketedName().Replace(jsonPath, m => "." + m.Groups[1].Value);
        path = path.StartsWith("$.", StringComparison.Ordinal) ? path[2..] : path.StartsWith('$') ? path[1..] : path;
        return path.Length == 0 ? "$" : path;
    }

    /// <summary>What a JSON value of the given .NET type looks like, in the words of the documents.</summary>
    private static string Expected(string type)
    {
        var nullable = NullableOf().Match(type);
        var inner = nullable.Success ? nullable.Groups[1].Value : type;
        return inner switch
        {
            "System.Int32" or "System.Int64" or "System.Int16" or "System.Byte" or "System.UInt32" or "System.UInt64" => "must be an integer",
            "System.Double" or "System.Single" or "System.Decimal" => "must be a number",
            "System.Boolean" => "must be true or false",
            "System.String" => "must be a string",
            _ when inner.Contains("Dictionary`2[System.String,System.String]", StringComparison.Ordinal) => "must be an object of string values",
            _ when inner.Contains("Dictionary", StringComparison.Ordinal) => "must be an object",
            _ when inner.Contains("List`1", StringComparison.Ordinal) || inner.Contains("Enumerable`1", StringComparison.Ordinal)
                || inner.EndsWith("[]", StringComparison.Ordinal) => "must be an array",
            _ => "must be an object",
        };
    }

    [GeneratedRegex("The JSON property '(.*)' could not be mapped", RegexOptions.CultureInvariant)]
    private static partial Regex UnknownProperty();

    [GeneratedRegex("[Dd]uplicate", RegexOptions.CultureInvariant)]
    private static partial Regex DuplicateProperty();

    [GeneratedRegex("could not be converted to ([^ ]+)\\.", RegexOptions.CultureInvariant)]
    private static partial Regex Conversion();

    [GeneratedRegex("missing required properties including: '([^']*)'", RegexOptions.CultureInvariant)]
    private static partial Regex MissingRequired();

    [GeneratedRegex("^System\\.Nullable`1\\[(.*)\\]$", RegexOptions.CultureInvariant)]
    private static partial Regex NullableOf();

    [GeneratedRegex("\\['(.*?)'\\](?=[.\\[]|$)", RegexOptions.CultureInvariant)]
    private static partial Regex BracketedName();
}
