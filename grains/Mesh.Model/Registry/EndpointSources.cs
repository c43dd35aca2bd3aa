namespace Mesh.Model.Registry;

/// <summary>The platform adapters that feed endpoints into the registry.</summary>
public static class EndpointSources
{
    /// <summary>Registered through the Rules API; stays until deleted.</summary>
    public const string Api = "api";

    /// <summary>Announced by a proxy agent for its own instance; lives with the proxy's session.</summary>
    public const string Sidecar = "sidecar";
}
