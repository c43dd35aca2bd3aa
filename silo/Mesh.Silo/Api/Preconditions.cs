using System.Globalization;
using Mesh.Model.Validation;

namespace Mesh.Silo.Api;

/// <summary>Optimistic concurrency over HTTP: the resource version is the strong ETag <c>"N"</c>.</summary>
internal static class Preconditions
{
    public static string ETag(long version) => $"\"{version.ToString(CultureInfo.InvariantCulture)}\"";

    /// <summary>
    /// The version a write is based on, from <c>If-Match</c> or, failing that, from the body; <c>null</c> for
    /// an unconditional write (no precondition, or <c>If-Match: *</c>).
    /// </summary>
    public static (long? Expected, FieldError? Error) Expected(HttpRequest request, long? fromBody)
    {
        var header = request.Headers.IfMatch.ToString().Trim();
        if (header.Length == 0)
        {
            return (fromBody, null);
        }

        if (header == "*")
        {
            return (fromBody, null);
        }

        var tag = header.StartsWith("W/", StringComparison.Ordinal) ? header[2..] : header;
        if (tag.Length < 3 || tag[0] != '"' || tag[^1] != '"'
            || !long.TryParse(tag.AsSpan(1, tag.Length - 2), NumberStyles.None, CultureInfo.InvariantCulture, out var version))
        {
            return (null, new FieldError("If-Match", "must be one entity tag holding a resource version, such as \"3\""));
        }

        if (fromBody is { } body && body != version)
        {
            return (null, new FieldError("resourceVersion", $"is {body} but If-Match names version {version}"));
        }

        return (version, null);
    }
}
