namespace Mesh.AdminUi.Accounts;

/// <summary>A user from configuration (<c>Mesh:Users</c>): a name, a PBKDF2 password hash, roles.</summary>
public sealed record MeshUser
{
    public required string Name { get; init; }

    public required string PasswordHash { get; init; }

    public IReadOnlyList<string> Roles { get; init; } = [];
}
