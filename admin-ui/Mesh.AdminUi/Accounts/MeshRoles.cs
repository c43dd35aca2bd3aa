namespace Mesh.AdminUi.Accounts;

/// <summary>Roles of admin UI users. Every signed-in user may read; editing needs <see cref="Editor"/>.</summary>
public static class MeshRoles
{
    public const string Editor = "editor";
}
