namespace Mesh.Model.Registry;

/// <summary>Label keys with a meaning of their own in the mesh.</summary>
public static class EndpointLabels
{
    /// <summary>The version of an instance (<c>v1</c>, <c>v2</c>); sidecars register it from <c>Mesh:Version</c> and subsets usually select by it.</summary>
    public const string Version = "version";
}
