using Microsoft.Extensions.Configuration;
using System.Security.Cryptography;

namespace Mesh.Demo.Hosting;

/// <summary>What the launcher can be told; everything else (ports, cluster id, directories) it chooses itself.</summary>
public sealed record DemoOptions
{
    private const string PasswordAlphabet = "abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";

    /// <summary><c>ConnectionStrings:Postgres</c>: an existing database to use instead of a throwaway server.</summary>
    public string? PostgresConnectionString { get; init; }

    /// <summary><c>Mesh:AdminPassword</c>: the admin UI's password for user <c>admin</c>; random per run when not given.</summary>
    public required string AdminPassword { get; init; }

    /// <summary>Whether the password was generated (and so is worth printing in full).</summary>
    public bool AdminPasswordGenerated { get; init; }

    /// <summary><c>Demo:Embedded</c>: one embedded silo on SQLite even when PostgreSQL is available.</summary>
    public bool Embedded { get; init; }

    /// <summary><c>Demo:RequestsPerSecond</c>: the frontend's background traffic.</summary>
    public int RequestsPerSecond { get; init; } = 50;

    public static DemoOptions From(IConfiguration configuration)
    {
        var password = configuration["Mesh:AdminPassword"];
        return new DemoOptions
        {
            PostgresConnectionString = configuration.GetConnectionString("Postgres") is { Length: > 0 } postgres ? postgres : null,
            AdminPassword = string.IsNullOrEmpty(password) ? RandomNumberGenerator.GetString(PasswordAlphabet, 16) : password,
            AdminPasswordGenerated = string.IsNullOrEmpty(password),
            Embedded = configuration.GetValue("Demo:Embedded", false),
            RequestsPerSecond = configuration.GetValue("Demo:RequestsPerSecond", 50),
        };
    }
}
