using Orleans.Concurrency;
using Mesh.Model.Revisions;
using Mesh.Model.Routing;
using Mesh.Model.Validation;

namespace Mesh.Grains.Routing;

/// <summary>
/// The route policy of one service (key: service name): the one authority that validates, versions and stores
/// the rules for calls to that service, and keeps a bounded history of them for diff and rollback.
/// </summary>
public interface IRoutePolicyGrain : IGrainWithStringKey
{
    /// <summary>The current table and its resource version (0 and no routes before the first write).</summary>
    /// <remarks>Interleaves with writes waiting for storage and answers the last stored state: config reads are never queued behind a burst of writes.</remarks>
    [AlwaysInterleave]
    Task<DocumentSnapshot<RouteTable>> GetAsync();

    /// <summary>
    /// Validates and stores <paramref name="table"/> as the next version. With <paramref name="expectedVersion"/>
    /// set, a write based on any other version is refused as a conflict; nothing partial is ever stored.
    /// </summary>
    /// <param name="by">Who makes the change: the signed-in user, or <c>api</c>.</param>
    Task<WriteResult<DocumentSnapshot<RouteTable>>> PutAsync(RouteTable table, long? expectedVersion, string by);

    /// <summary>The kept versions, newest first.</summary>
    Task<IReadOnlyList<RevisionInfo>> GetHistoryAsync();

    /// <summary>One kept version with its table, or <c>null</c> if it was never written or no longer kept.</summary>
    Task<Revision<RouteTable>?> GetRevisionAsync(long version);

    /// <summary>Writes a new version whose table equals that of version <paramref name="toVersion"/>.</summary>
    Task<WriteResult<DocumentSnapshot<RouteTable>>> RollbackAsync(long toVersion, long? expectedVersion, string by);
}
