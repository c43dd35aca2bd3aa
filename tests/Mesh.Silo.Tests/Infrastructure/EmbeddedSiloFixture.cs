using Mesh.Testing;

namespace Mesh.Silo.Tests.Infrastructure;

/// <summary>One embedded-mode silo (SQLite in a temporary directory) shared by the API tests.</summary>
public sealed class EmbeddedSiloFixture : IAsyncLifetime
{
    private readonly string _dir = Directory.CreateTempSubdirectory("mesh-api-").FullName;
    private SiloProcess? _silo;

    public SiloProcess Silo => _silo ?? throw new InvalidOperationException("the silo is not started");

    public HttpClient Http => Silo.Http;

    public async Task InitializeAsync()
    {
        _silo = SiloProcess.Start(postgres: null, clusterId: "api-tests", embeddedDatabase: Path.Combine(_dir, "mesh.db"));
        await _silo.WaitHealthyAsync();
    }

    public async Task DisposeAsync()
    {
        if (_silo is not null)
        {
            await _silo.DisposeAsync();
        }

        Directory.Delete(_dir, recursive: true);
    }
}

[CollectionDefinition(Name)]
public sealed class EmbeddedSiloCollection : ICollectionFixture<EmbeddedSiloFixture>
{
    public const string Name = "embedded-silo";
}
