namespace Mesh.Model.Routing;

/// <summary>Retries of a route: how many, how long each attempt may take, and on which failures.</summary>
[GenerateSerializer, Immutable, Alias("mesh.RouteRetries")]
public sealed record RouteRetries
{
    /// <summary>Retries after the first attempt (1 to 10).</summary>
    [Id(0)] public int? Attempts { get; init; }

    /// <summary>A duration such as <c>500ms</c>.</summary>
    [Id(1)] public string? PerTryTimeout { get; init; }

    /// <summary>Any of <c>connect-failure</c>, <c>reset</c>, <c>5xx</c>, <c>gateway-error</c>, <c>retriable-4xx</c>.</summary>
    [Id(2)] public IReadOnlyList<string>? RetryOn { get; init; }
}
