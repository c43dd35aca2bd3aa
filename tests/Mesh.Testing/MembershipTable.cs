using Npgsql;

namespace Mesh.Testing;

/// <summary>Reads Orleans' membership table the way an operator would, with SQL.</summary>
public static class MembershipTable
{
    /// <summary>Orleans' <c>SiloStatus</c> values as stored.</summary>
    public const int Active = 3;
    public const int Dead = 6;

    /// <summary>Status by silo port of every row of a cluster (dead silos stay in the table).</summary>
    public static async Task<IReadOnlyList<(int Port, int Status)>> ReadAsync(string connectionString, string clusterId)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT Port, Status FROM OrleansMembershipTable WHERE DeploymentId = @cluster ORDER BY Port", connection);
        command.Parameters.AddWithValue("cluster", clusterId);
        var rows = new List<(int, int)>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            rows.Add((reader.GetInt32(0), reader.GetInt32(1)));
        }

        return rows;
    }
}
