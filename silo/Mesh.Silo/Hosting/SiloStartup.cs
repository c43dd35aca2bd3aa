namespace Mesh.Silo.Hosting;

/// <summary>What the silo does before it joins the cluster: migrate its storage and say which mode it runs in.</summary>
internal static partial class SiloStartup
{
    /// <summary>Applies the schema migrations and reports the storage mode; runs before the host starts.</summary>
    public static async Task PrepareStorageAsync(this WebApplication app)
    {
        var options = app.Services.GetRequiredService<MeshSiloOptions>();
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Mesh.Silo");
        if (options.Embedded)
        {
            LogEmbedded(logger, options.EmbeddedDatabase);
        }
        else
        {
            LogPostgres(logger, options.ClusterId);
        }

        await app.Services.GetRequiredService<Storage.SchemaMigrator>().MigrateAsync(app.Lifetime.ApplicationStopping);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Embedded mode: no ConnectionStrings:Postgres is set, so this is a single silo with localhost clustering and its state in the SQLite file {File}. This mode is for one machine; run several silos against PostgreSQL.")]
    private static partial void LogEmbedded(ILogger logger, string file);

    [LoggerMessage(Level = LogLevel.Information, Message = "Clustered mode: membership, grain state and reminders in PostgreSQL, cluster {ClusterId}")]
    private static partial void LogPostgres(ILogger logger, string clusterId);
}
