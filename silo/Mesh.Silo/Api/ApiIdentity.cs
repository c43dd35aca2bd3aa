namespace Mesh.Silo.Api;

/// <summary>Who the Rules API records as the author of a change.</summary>
internal static class ApiIdentity
{
    /// <summary>All Rules API calls, until the API has authentication of its own.</summary>
    public const string User = "api";
}
