namespace Mesh.ProxyAgent.ControlPlane;

/// <summary>One watched service in the <see cref="WatchRegistry"/>; mutable, and only touched under its lock.</summary>
internal sealed class WatchEntry(bool pinned, long since)
{
    /// <summary>A declared upstream or the proxy's own service: always watched, never aged out.</summary>
    public bool Pinned { get; } = pinned;

    /// <summary>The <see cref="TimeProvider"/> timestamp at which it was first watched.</summary>
    public long Since { get; } = since;

    /// <summary>The timestamp of the last request that asked for it.</summary>
    public long LastDemand { get; set; } = since;
}
