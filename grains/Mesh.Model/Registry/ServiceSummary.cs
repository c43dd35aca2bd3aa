namespace Mesh.Model.Registry;

/// <summary>One line of the service list.</summary>
[GenerateSerializer, Immutable, Alias("mesh.ServiceSummary")]
public sealed record ServiceSummary
{
    [Id(0)] public required string Name { get; init; }

    [Id(1)] public int Endpoints { get; init; }

    [Id(2)] public int HealthyEndpoints { get; init; }

    /// <summary>Distinct values of the endpoints' <c>version</c> label, sorted.</summary>
    [Id(3)] public IReadOnlyList<string> Versions { get; init; } = [];

    [Id(4)] public long ResourceVersion { get; init; }
}
