using Mesh.Testing;

namespace Mesh.Silo.Tests.Infrastructure;

/// <summary>Tests sharing one throwaway PostgreSQL server (each test makes its own database).</summary>
[CollectionDefinition(Name)]
public sealed class PostgresCollection : ICollectionFixture<PostgresServer>
{
    public const string Name = "postgres";
}
