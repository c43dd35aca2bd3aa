using System.Net;

namespace Mesh.Silo.Tests.Reliability;

/// <summary>
/// One request of the hostile corpus: a write the Rules API must refuse without changing anything, with what the
/// answer must name.
/// </summary>
/// <param name="Family">What kind of damage it carries, for counting and for failure messages.</param>
/// <param name="Field">The JSON path (or header, or path segment) the answer's <c>errors</c> must name, when known.</param>
/// <param name="Status">The status the answer must have.</param>
/// <param name="Chunked">Send the body without a Content-Length.</param>
public sealed record HostileRequest(
    string Family,
    HttpMethod Method,
    string Path,
    byte[]? Body,
    string? ContentType,
    string? IfMatch,
    string? Field,
    HttpStatusCode Status = HttpStatusCode.BadRequest,
    bool Chunked = false)
{
    public override string ToString()
    {
        var body = Body is null ? "" : System.Text.Encoding.UTF8.GetString(Body, 0, Math.Min(Body.Length, 300));
        return $"[{Family}] {Method} {(Path.Length > 200 ? Path[..200] + "…" : Path)} If-Match={IfMatch} Content-Type={ContentType} ({Body?.Length ?? 0} bytes) {body}";
    }
}
