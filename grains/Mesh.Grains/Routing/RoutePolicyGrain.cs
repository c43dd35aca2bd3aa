using Mesh.Grains.Indexing;
using Mesh.Grains.Naming;
using Mesh.Grains.Storage;
using Mesh.Grains.Streams;
using Mesh.Model.Revisions;
using Mesh.Model.Routing;
using Mesh.Model.Validation;
using Microsoft.Extensions.Logging;

namespace Mesh.Grains.Routing;

/// <inheritdoc cref="IRoutePolicyGrain"/>
public sealed class RoutePolicyGrain(
    [PersistentState("routes", GrainStorageNames.Mesh)] IPersistentState<RoutePolicyGrainState> state,
    TimeProvider time,
    ILogger<RoutePolicyGrain> logger) : Grain, IRoutePolicyGrain
{
    /// <summary>How many versions the history keeps (the current one included).</summary>
    public const int HistoryLimit = 50;

    /// <summary>
    /// The last stored state: what reads answer. <see cref="GetAsync"/> interleaves with a write waiting for storage,
    /// whose state is not stored yet (and may never be).
    /// </summary>
    private RoutePolicyGrainState? _committed;

    private string Service => this.GetPrimaryKeyString();

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _committed = state.State;
        return Task.CompletedTask;
    }

    public Task<RoutePolicySnapshot> GetAsync() => Task.FromResult(Snapshot(_committed ?? state.State));

    public async Task<WriteResult<RoutePolicySnapshot>> PutAsync(RouteTable table, long? expectedVersion, string by)
    {
        var errors = new List<FieldError>();
        NameRules.Service(Service, "service", errors);
        if (errors.Count > 0)
        {
            return WriteResult<RoutePolicySnapshot>.Invalid(errors);
        }

        var (normalized, validationErrors) = RouteTableValidator.Validate(table);
        if (normalized is null)
        {
            return WriteResult<RoutePolicySnapshot>.Invalid(validationErrors);
        }

        return await CommitAsync(normalized, expectedVersion, by, RouteTableSummary.Describe(normalized));
    }

    public Task<IReadOnlyList<RevisionInfo>> GetHistoryAsync() =>
        Task.FromResult<IReadOnlyList<RevisionInfo>>(state.State.History.Reverse().Select(r => r.Info).ToList());

    public Task<RouteRevision?> GetRevisionAsync(long version) =>
        Task.FromResult(state.State.History.FirstOrDefault(r => r.Info.Version == version));

    public async Task<WriteResult<RoutePolicySnapshot>> RollbackAsync(long toVersion, long? expectedVersion, string by)
    {
        var target = state.State.History.FirstOrDefault(r => r.Info.Version == toVersion);
        if (target is null)
        {
            var kept = state.State.History.Count == 0
                ? "no versions are kept yet"
                : $"kept versions are {state.State.History[0].Info.Version} to {state.State.Version}";
            return WriteResult<RoutePolicySnapshot>.Invalid("toVersion", $"version {toVersion} is not in the history ({kept})");
        }

        return await CommitAsync(target.Table, expectedVersion, by, $"rollback to version {toVersion}: {target.Info.Summary}");
    }

    /// <summary>
    /// Stores <paramref name="table"/> as the next version unless the caller based its change on another one.
    /// </summary>
    private async Task<WriteResult<RoutePolicySnapshot>> CommitAsync(RouteTable table, long? expectedVersion, string by, string summary)
    {
        var current = state.State;
        if (expectedVersion is { } expected && expected != current.Version)
        {
            return WriteResult<RoutePolicySnapshot>.Conflict(
                current.Latest,
                $"the route policy is at version {current.Version}, not {expected}; reload it and apply your change again");
        }

        if (current.Version == 0)
        {
            await GrainFactory.ServiceIndex().AddAsync(Service);
        }

        var revision = new RouteRevision
        {
            Info = new RevisionInfo { Version = current.Version + 1, At = time.GetUtcNow(), By = by, Summary = summary },
            Table = table,
        };
        var next = new RoutePolicyGrainState
        {
            Version = revision.Info.Version,
            Table = table,
            History = current.History.Skip(Math.Max(0, current.History.Count + 1 - HistoryLimit)).Append(revision).ToList(),
        };

        await state.CommitAsync(next);
        _committed = next;
        await this.PublishAsync(logger, Service, "routes", next.Version);

        return WriteResult<RoutePolicySnapshot>.Accepted(Snapshot(next));
    }

    private RoutePolicySnapshot Snapshot(RoutePolicyGrainState s)
    {
        var last = s.Latest;
        return new RoutePolicySnapshot
        {
            Service = Service,
            ResourceVersion = s.Version,
            Table = s.Table,
            ModifiedAt = last?.At,
            ModifiedBy = last?.By,
        };
    }
}
