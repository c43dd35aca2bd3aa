namespace Mesh.Model.Validation;

/// <summary>One reason a document was refused, naming the field by its JSON path
/// (<c>routes[1].destinations[0].weight</c>; <c>$</c> for the document as a whole).</summary>
[GenerateSerializer, Immutable, Alias("mesh.FieldError")]
public sealed record FieldError(
    [property: Id(0)] string Path,
    [property: Id(1)] string Message);
