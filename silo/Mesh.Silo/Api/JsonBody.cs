using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.RegularExpressions;
using Mesh.Model.Validation;

namespace Mesh.Silo.Api;

/// <summary>
/// Strict reading of request bodies: a size limit, well-formed JSON, no unknown or duplicate properties, no
/// numbers in strings, case-sensitive names. Errors name the field by JSON path, like the grains' validation.
/// </summary>
public static partial class JsonBody
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
        var path = e.Path is null or "$" ? "$" : e.Path.StartsWith("$.", StringComparison.Ordinal) ? e.Path[2..] : e.Path;
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

        if (DuplicateProperty().IsMatch(message))
        {
            return new FieldError(path, "is given more than once");
        }

        if (Conversion().Match(message) is { Success: true } conversion)
        {
            return new FieldError(path, Expected(conversion.Groups[1].Value));
        }

        var cut = message.IndexOf(" Path:", StringComparison.Ordinal);
        return new FieldError(path, cut > 0 ? message[..cut] : message);
    }

    private static string Expected(string type) => type switch
    {
        _ when type.Contains("Int32", StringComparison.Ordinal) || type.Contains("Int64", StringComparison.Ordinal) => "must be an integer",
        _ when type.Contains("Boolean", StringComparison.Ordinal) => "must be true or false",
        _ when type.Contains("Dictionary", StringComparison.Ordinal) => "must be an object of string values",
        _ when type.Contains("List", StringComparison.Ordinal) || type.EndsWith("[]", StringComparison.Ordinal) => "must be an array",
        _ when type.Contains("String", StringComparison.Ordinal) => "must be a string",
        _ => "must be an object",
    };

    [GeneratedRegex("The JSON property '([^']*)' could not be mapped", RegexOptions.CultureInvariant)]
    private static partial Regex UnknownProperty();

    [GeneratedRegex("[Dd]uplicate", RegexOptions.CultureInvariant)]
    private static partial Regex DuplicateProperty();

    [GeneratedRegex("could not be converted to ([^ ]+)\\.", RegexOptions.CultureInvariant)]
    private static partial Regex Conversion();
}
