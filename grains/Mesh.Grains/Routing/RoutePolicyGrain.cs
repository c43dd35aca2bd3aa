using Mesh.Grains.Indexing;
using Mesh.Model.Naming;
using Mesh.Grains.Storage;
using Mesh.Grains.Streams;
using Mesh.Model.Revisions;
using Mesh.Model.Routing;
using Mesh.Model.Validation;
using Microsoft.Extensions.Logging;

namespace Mesh.Grains.Routing;

/// <inheritdoc cref="IRoutePolicyGrain"/>
internal sealed class RoutePolicyGrain(
    [PersistentState("routes", GrainStorageNames.Mesh)] IPersistentState<RoutePolicyGrainState> state,
    TimeProvider time,
    ILogger<RoutePolicyGrain> logger) : Grain, IRoutePolicyGrain
{
    /// <summary>
    /// The last stored state: what reads answer. <see cref="GetAsync"/> interleaves with a write waiting for storage,
    /// whose state is not stored yet (and may never be).
    /// </summary>
    private RoutePolicyGrainState? _committed;

    private string Service => this.GetPrimaryKeyString();

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        // State stored by an earlier release keeps its history in another shape; it is converted here and stored in
        // the current shape by the next write.
        state.State = state.State.Upgraded();
        _committed = state.State;
        return Task.CompletedTask;
    }

    public Task<DocumentSnapshot<RouteTable>> GetAsync() => Task.FromResult(Snapshot(_committed ?? state.State));

    public async Task<WriteResult<DocumentSnapshot<RouteTable>>> PutAsync(RouteTable table, long? expectedVersion, string by)
    {
        var errors = new List<FieldError>();
        NameRules.Service(Service, "service", errors);
        if (errors.Count > 0)
        {
            return WriteResult<DocumentSnapshot<RouteTable>>.Invalid(errors);
        }

        var (normalized, validationErrors) = RouteTableValidator.Validate(table);
        if (normalized is null)
        {
            return WriteResult<DocumentSnapshot<RouteTable>>.Invalid(validationErrors);
        }

        return await CommitAsync(normalized, expectedVersion, by, RouteTableSummary.Describe(normalized));
    }

    public Task<IReadOnlyList<RevisionInfo>> GetHistoryAsync() => Task.FromResult(RevisionHistory.NewestFirst(state.State.Revisions));

    public Task<Revision<RouteTable>?> GetRevisionAsync(long version) => Task.FromResult(RevisionHistory.Find(state.State.Revisions, version));

    public async Task<WriteResult<DocumentSnapshot<RouteTable>>> RollbackAsync(long toVersion, long? expectedVersion, string by)
    {
        var target = RevisionHistory.Find(state.State.Revisions, toVersion);
        return target is null
            ? WriteResult<DocumentSnapshot<RouteTable>>.Invalid("toVersion", RevisionHistory.Missing(state.State.Revisions, toVersion))
            : await CommitAsync(target.Document, expectedVersion, by, RevisionHistory.RollbackSummary(target));
    }

    /// <summary>
    /// Stores <paramref name="table"/> as the next version unless the caller based its change on another one.
    /// </summary>
    private async Task<WriteResult<DocumentSnapshot<RouteTable>>> CommitAsync(RouteTable table, long? expectedVersion, string by, string summary)
    {
        var current = state.State;
        if (RevisionHistory.Stale("route policy", current.Version, expectedVersion) is { } stale)
        {
            return WriteResult<DocumentSnapshot<RouteTable>>.Conflict(RevisionHistory.Latest(current.Revisions), stale);
        }

        if (current.Version == 0)
        {
            await GrainFactory.ServiceIndex().AddAsync(Service);
        }

        var revision = RevisionHistory.Next(current.Version, table, time.GetUtcNow(), by, summary);
        var next = new RoutePolicyGrainState
        {
            Version = revision.Info.Version,
            Table = table,
            Revisions = RevisionHistory.Append(current.Revisions, revision),
        };

        await state.CommitAsync(next);
        _committed = next;
        await this.PublishAsync(logger, Service, "routes", next.Version);

        return WriteResult<DocumentSnapshot<RouteTable>>.Accepted(Snapshot(next));
    }

    private DocumentSnapshot<RouteTable> Snapshot(RoutePolicyGrainState s) => RevisionHistory.Snapshot(Service, s.Version, s.Table, s.Revisions);
}
