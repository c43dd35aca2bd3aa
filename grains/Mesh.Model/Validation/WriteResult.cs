using Mesh.Model.Revisions;

namespace Mesh.Model.Validation;

/// <summary>The outcome of a write to a grain: the stored value, or why nothing was stored.</summary>
[GenerateSerializer, Immutable, Alias("mesh.WriteResult`1")]
public sealed record WriteResult<T>
{
    [Id(0)] public WriteStatus Status { get; init; }

    /// <summary>The stored value when <see cref="Status"/> is <see cref="WriteStatus.Accepted"/>.</summary>
    [Id(1)] public T? Value { get; init; }

    [Id(2)] public IReadOnlyList<FieldError> Errors { get; init; } = [];

    /// <summary>On <see cref="WriteStatus.Conflict"/>: the current version and who wrote it.</summary>
    [Id(3)] public RevisionInfo? Current { get; init; }

    public static WriteResult<T> Accepted(T value) => new() { Status = WriteStatus.Accepted, Value = value };

    public static WriteResult<T> Invalid(IReadOnlyList<FieldError> errors) => new() { Status = WriteStatus.Invalid, Errors = errors };

    public static WriteResult<T> Invalid(string path, string message) => Invalid([new FieldError(path, message)]);

    public static WriteResult<T> Conflict(RevisionInfo? current, string message) =>
        new() { Status = WriteStatus.Conflict, Current = current, Errors = [new FieldError("$", message)] };

    public static WriteResult<T> NotFound(string path, string message) =>
        new() { Status = WriteStatus.NotFound, Errors = [new FieldError(path, message)] };
}
