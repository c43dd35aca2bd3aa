using Orleans.Configuration;

namespace Mesh.AdminUi.Hosting;

/// <summary>The admin UI as an Orleans client: through PostgreSQL membership, or straight to given gateways.</summary>
public static partial class ClusterClientExtensions
{
    public static WebApplicationBuilder AddClusterClient(this WebApplicationBuilder builder, AdminUiOptions options)
    {
        builder.UseOrleansClient(client =>
        {
            client.Configure<ClusterOptions>(o =>
            {
                o.ClusterId = options.ClusterId;
                o.ServiceId = "mesh";
            });
            if (options.PostgresConnectionString is { } connectionString)
            {
                client.UseAdoNetClustering(o =>
                {
                    o.Invariant = "Npgsql";
                    o.ConnectionString = connectionString;
                });
            }
            else
            {
                client.UseStaticClustering([.. options.Gateways]);
            }

            // The UI may start before the silos, and outlives silo restarts: keep trying instead of failing start-up.
            client.UseConnectionRetryFilter(async (exception, cancellationToken) =>
            {
                await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken);
                return true;
            });
        });
        return builder;
    }
}
