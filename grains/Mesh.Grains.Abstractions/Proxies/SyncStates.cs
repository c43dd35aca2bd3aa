using Mesh.Model.Proxies;

namespace Mesh.Grains.Proxies;

/// <summary>Where a proxy stands with one watched service, against the service's latest config version.</summary>
public static class SyncStates
{
    /// <summary>
    /// SYNCED when the proxy ACKed <paramref name="latest"/>; NACKED when it rejected it (and ACKed nothing newer);
    /// STALE while it holds an older version; DISCONNECTED without a live session. <paramref name="latest"/> is the
    /// version the control plane holds now; when unknown, the last version sent to the proxy stands in for it.
    /// </summary>
    public static SyncState Of(WatchStatus watch, bool connected, long? latest = null)
    {
        if (!connected)
        {
            return SyncState.Disconnected;
        }

        if ((latest ?? watch.SentVersion) is not { } target)
        {
            return SyncState.Stale;
        }

        if (watch.AckedVersion >= target)
        {
            return SyncState.Synced;
        }

        return watch.NackedVersion >= target ? SyncState.Nacked : SyncState.Stale;
    }
}
