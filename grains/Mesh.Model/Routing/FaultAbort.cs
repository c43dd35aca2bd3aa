namespace Mesh.Model.Routing;

/// <summary>Answer <see cref="Percent"/> of requests with <see cref="HttpStatus"/> without calling the upstream.</summary>
[GenerateSerializer, Immutable, Alias("mesh.FaultAbort")]
public sealed record FaultAbort
{
    [Id(0)] public double? Percent { get; init; }

    [Id(1)] public int? HttpStatus { get; init; }
}
