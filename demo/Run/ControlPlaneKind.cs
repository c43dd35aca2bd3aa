namespace Mesh.Demo.Run;

public enum ControlPlaneKind
{
    /// <summary>Two silos on a private PostgreSQL server started from the machine's binaries.</summary>
    ThrowawayPostgres,

    /// <summary>Two silos on the database named by <c>ConnectionStrings:Postgres</c>.</summary>
    ExternalPostgres,

    /// <summary>One embedded silo on SQLite: no PostgreSQL binaries, or <c>Demo:Embedded=true</c>.</summary>
    Embedded,
}
