namespace Mesh.Grains;

/// <summary>Names of the grain storage providers the grains expect the host to register.</summary>
public static class GrainStorageNames
{
    /// <summary>Durable state of the model: PostgreSQL, or SQLite in embedded mode.</summary>
    public const string Mesh = "mesh";
}
