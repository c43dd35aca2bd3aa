namespace Mesh.Silo.Api.Contracts;

/// <summary>Body of <c>PUT /api/v1/services/{service}/endpoints/{id}</c>.</summary>
internal sealed record EndpointRequest
{
    public string? Address { get; init; }

    public IReadOnlyDictionary<string, string>? Labels { get; init; }
}
