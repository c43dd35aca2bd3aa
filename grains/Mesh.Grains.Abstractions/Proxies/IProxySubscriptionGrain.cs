using Mesh.Model.Proxies;
using Mesh.Model.Validation;

namespace Mesh.Grains.Proxies;

/// <summary>
/// One proxy (key: proxy id): what it watches, which silo holds its session, and per watched service the version
/// last sent to it and the version it last ACKed or NACKed. This is what sync status is read from.
/// </summary>
public interface IProxySubscriptionGrain : IGrainWithStringKey
{
    /// <summary>Records a (re)opened session on <see cref="ProxyHello.Silo"/>; validates the proxy's identity.</summary>
    Task<WriteResult<ProxyStatus>> ConnectAsync(ProxyHello hello);

    /// <summary>Adds services to the watches of the live session (watching on demand).</summary>
    Task<WriteResult<ProxyStatus>> AddWatchesAsync(IReadOnlyList<string> services);

    /// <summary>
    /// Applies what the silo holding the session learned since its last report (coalesced sent, ACK and NACK
    /// versions). Kept in memory: sync state is stored with the next connect or disconnect, not on every report.
    /// </summary>
    Task ReportAsync(IReadOnlyList<WatchReport> reports);

    /// <summary>
    /// Records the end of the session held by <paramref name="silo"/> and opened at <paramref name="openedAt"/>.
    /// Ignored when the proxy has meanwhile reconnected (elsewhere or to the same silo), so a late disconnect of an
    /// old session never hides a live one.
    /// </summary>
    Task DisconnectAsync(string silo, DateTimeOffset openedAt);

    /// <summary>The proxy's status, or <c>null</c> if it never connected.</summary>
    Task<ProxyStatus?> GetAsync();
}
