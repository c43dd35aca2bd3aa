using Microsoft.AspNetCore.Identity;

namespace Mesh.AdminUi.Accounts;

/// <summary>
/// The users allowed in: <c>Mesh:Users</c> (each with <c>Name</c>, <c>PasswordHash</c> as printed by
/// <c>Mesh.AdminUi hash-password</c>, and <c>Roles</c>), plus an <c>admin</c> editor when <c>Mesh:AdminPassword</c>
/// is set. Only hashes are kept in memory; plain passwords are never stored or logged.
/// </summary>
public sealed class UserStore
{
    public const string AdminName = "admin";

    private static readonly PasswordHasher<MeshUser> Hasher = new();
    private readonly Dictionary<string, MeshUser> _users = new(StringComparer.Ordinal);

    public UserStore(IConfiguration configuration)
    {
        foreach (var section in configuration.GetSection("Mesh:Users").GetChildren())
        {
            var user = new MeshUser
            {
                Name = section["Name"] ?? throw new InvalidOperationException($"Mesh:Users:{section.Key}:Name is required"),
                PasswordHash = section["PasswordHash"] ?? throw new InvalidOperationException($"Mesh:Users:{section.Key}:PasswordHash is required"),
                Roles = section.GetSection("Roles").GetChildren().Select(r => r.Value).OfType<string>().ToList(),
            };
            _users[user.Name] = user;
        }

        if (configuration["Mesh:AdminPassword"] is { Length: > 0 } password)
        {
            _users[AdminName] = new MeshUser { Name = AdminName, PasswordHash = Hash(password), Roles = [MeshRoles.Editor] };
        }
    }

    public int Count => _users.Count;

    public static string Hash(string password) => Hasher.HashPassword(new MeshUser { Name = "", PasswordHash = "" }, password);

    /// <summary>The user if the name exists and the password matches its hash.</summary>
    public MeshUser? Verify(string name, string password)
    {
        if (!_users.TryGetValue(name, out var user))
        {
            // Spend the same effort as for a real user, so timing does not tell which names exist.
            Hasher.VerifyHashedPassword(new MeshUser { Name = "", PasswordHash = "" }, DummyHash, password);
            return null;
        }

        return Hasher.VerifyHashedPassword(user, user.PasswordHash, password) == PasswordVerificationResult.Failed ? null : user;
    }

    private static readonly string DummyHash = Hash(Guid.NewGuid().ToString());
}
