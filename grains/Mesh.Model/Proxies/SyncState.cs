namespace Mesh.Model.Proxies;

/// <summary>Where a proxy stands with one watched resource.</summary>
[GenerateSerializer, Alias("mesh.SyncState")]
public enum SyncState
{
    /// <summary>It ACKed the latest version.</summary>
    Synced = 0,

    /// <summary>It holds an older version and has not rejected the latest.</summary>
    Stale = 1,

    /// <summary>It rejected the latest version (and keeps its last good one).</summary>
    Nacked = 2,

    /// <summary>No live session.</summary>
    Disconnected = 3,
}
