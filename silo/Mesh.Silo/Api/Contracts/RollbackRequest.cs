namespace Mesh.Silo.Api.Contracts;

/// <summary>Body of <c>POST /api/v1/services/{service}/routes/rollback</c>.</summary>
internal sealed record RollbackRequest
{
    public long? ToVersion { get; init; }
}
