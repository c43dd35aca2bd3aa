using Mesh.Model.Revisions;
using Mesh.Model.Validation;

namespace Mesh.Silo.Api;

/// <summary>RFC 9457 problem answers of the Rules API.</summary>
internal static class Problems
{
    /// <summary>400 with <c>errors</c>: each offending field's JSON path and its reasons.</summary>
    public static IResult Invalid(IReadOnlyList<FieldError> errors) =>
        TypedResults.ValidationProblem(
            errors.GroupBy(e => e.Path, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Select(e => e.Message).ToArray(), StringComparer.Ordinal),
            detail: string.Join("; ", errors.Select(e => $"{e.Path}: {e.Message}")));

    public static IResult Invalid(FieldError error) => Invalid([error]);

    /// <summary>412: the write was based on a version that is no longer current.</summary>
    public static IResult Stale(IReadOnlyList<FieldError> errors, RevisionInfo? current) =>
        TypedResults.Problem(
            statusCode: StatusCodes.Status412PreconditionFailed,
            title: "The resource changed since the version the request was based on",
            detail: errors.Count > 0 ? errors[0].Message : null,
            extensions: new Dictionary<string, object?>
            {
                ["currentVersion"] = current?.Version ?? 0,
                ["modifiedBy"] = current?.By,
                ["modifiedAt"] = current?.At,
                ["change"] = current?.Summary,
            });

    public static IResult NotFound(string detail) =>
        TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not found", detail: detail);

    /// <summary>The HTTP answer to a grain's refusal.</summary>
    public static IResult From<T>(WriteResult<T> result) => result.Status switch
    {
        WriteStatus.Conflict => Stale(result.Errors, result.Current),
        WriteStatus.NotFound => NotFound(string.Join("; ", result.Errors.Select(e => e.Message))),
        _ => Invalid(result.Errors),
    };
}
