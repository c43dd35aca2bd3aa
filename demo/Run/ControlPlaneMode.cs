using Mesh.Demo.Hosting;
using Mesh.Demo.Postgres;

namespace Mesh.Demo.Run;

/// <summary>How the control plane runs this time, and why.</summary>
public sealed record ControlPlaneMode
{
    public required ControlPlaneKind Kind { get; init; }

    /// <summary>The PostgreSQL binaries of a throwaway server.</summary>
    public string? PostgresBinDirectory { get; init; }

    /// <summary>The database of <see cref="ControlPlaneKind.ExternalPostgres"/>.</summary>
    public string? ConnectionString { get; init; }

    /// <summary>Why the demo runs embedded, said up front.</summary>
    public string? EmbeddedReason { get; init; }

    public int Silos => Kind == ControlPlaneKind.Embedded ? 1 : 2;

    public static ControlPlaneMode Choose(DemoOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.PostgresConnectionString is { } connectionString)
        {
            return new ControlPlaneMode { Kind = ControlPlaneKind.ExternalPostgres, ConnectionString = connectionString };
        }

        if (options.Embedded)
        {
            return new ControlPlaneMode { Kind = ControlPlaneKind.Embedded, EmbeddedReason = "Demo:Embedded=true was given" };
        }

        return PostgresBinaries.Find() is { } binaries
            ? new ControlPlaneMode { Kind = ControlPlaneKind.ThrowawayPostgres, PostgresBinDirectory = binaries }
            : new ControlPlaneMode
            {
                Kind = ControlPlaneKind.Embedded,
                EmbeddedReason = $"no PostgreSQL server binaries were found (looked in {PostgresBinaries.SearchedPlaces}; " +
                    "apt-get install -y postgresql brings them)",
            };
    }

    /// <summary>The control plane in a few words, for the first line the demo prints.</summary>
    public string Describe() => Kind switch
    {
        ControlPlaneKind.ThrowawayPostgres => $"a throwaway PostgreSQL {PostgresBinaries.MajorVersion(PostgresBinDirectory!)} and 2 silos",
        ControlPlaneKind.ExternalPostgres => "2 silos on the PostgreSQL database of ConnectionStrings:Postgres",
        _ => "ONE embedded silo on SQLite",
    };
}
