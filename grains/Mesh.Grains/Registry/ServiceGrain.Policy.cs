using Mesh.Model.Naming;
using Mesh.Grains.Storage;
using Mesh.Model.Registry;
using Mesh.Model.Revisions;
using Mesh.Model.Validation;

namespace Mesh.Grains.Registry;

/// <summary>The service policy: a versioned document of its own inside the service, with history and rollback.</summary>
internal sealed partial class ServiceGrain
{
    public Task<DocumentSnapshot<ServiceSettings>> GetPolicyAsync() => Task.FromResult(PolicySnapshotOf(state.State));

    public Task<WriteResult<DocumentSnapshot<ServiceSettings>>> PutPolicyAsync(ServiceSettings policy, long? expectedVersion, string by)
    {
        var errors = new List<FieldError>();
        NameRules.Service(Service, "service", errors);
        errors.AddRange(ServiceSettingsValidator.Validate(policy));
        if (errors.Count > 0)
        {
            return Task.FromResult(WriteResult<DocumentSnapshot<ServiceSettings>>.Invalid(errors));
        }

        return CommitPolicyAsync(policy with { Subsets = policy.Subsets ?? [] }, expectedVersion, by, Summarize(policy));
    }

    public Task<IReadOnlyList<RevisionInfo>> GetPolicyHistoryAsync() => Task.FromResult(RevisionHistory.NewestFirst(state.State.PolicyHistory));

    public Task<Revision<ServiceSettings>?> GetPolicyRevisionAsync(long version) => Task.FromResult(RevisionHistory.Find(state.State.PolicyHistory, version));

    public Task<WriteResult<DocumentSnapshot<ServiceSettings>>> RollbackPolicyAsync(long toVersion, long? expectedVersion, string by)
    {
        var target = RevisionHistory.Find(state.State.PolicyHistory, toVersion);
        return target is null
            ? Task.FromResult(WriteResult<DocumentSnapshot<ServiceSettings>>.Invalid("toVersion", RevisionHistory.Missing(state.State.PolicyHistory, toVersion)))
            : CommitPolicyAsync(target.Document, expectedVersion, by, RevisionHistory.RollbackSummary(target));
    }

    private async Task<WriteResult<DocumentSnapshot<ServiceSettings>>> CommitPolicyAsync(ServiceSettings policy, long? expectedVersion, string by, string summary)
    {
        var current = state.State;
        if (RevisionHistory.Stale("service policy", current.PolicyVersion, expectedVersion) is { } stale)
        {
            return WriteResult<DocumentSnapshot<ServiceSettings>>.Conflict(RevisionHistory.Latest(current.PolicyHistory), stale);
        }

        var revision = RevisionHistory.Next(current.PolicyVersion, policy, time.GetUtcNow(), by, summary);
        await CommitAsync(current with
        {
            Settings = policy,
            PolicyVersion = revision.Info.Version,
            PolicyHistory = RevisionHistory.Append(current.PolicyHistory, revision),
        });
        return WriteResult<DocumentSnapshot<ServiceSettings>>.Accepted(PolicySnapshotOf(state.State));
    }

    private DocumentSnapshot<ServiceSettings> PolicySnapshotOf(ServiceGrainState s) => RevisionHistory.Snapshot(Service, s.PolicyVersion, s.Settings, s.PolicyHistory);

    /// <summary>A one-line description for the history: which parts the policy sets.</summary>
    private static string Summarize(ServiceSettings p)
    {
        var parts = new List<string>();
        if (p.Subsets is { Count: > 0 } subsets)
        {
            parts.Add($"subsets {string.Join(", ", subsets.Select(s => s.Name))}");
        }

        if (p.LoadBalancer?.Algorithm is { } algorithm)
        {
            parts.Add(algorithm);
        }

        if (p.CircuitBreaker is { } cb)
        {
            parts.Add($"circuit breaker {cb.MaxConcurrentRequests}/{cb.MaxPendingRequests}");
        }

        if (p.OutlierDetection is { } od)
        {
            parts.Add($"outlier detection after {od.Consecutive5xx} 5xx");
        }

        if (p.HealthCheck is { } hc)
        {
            parts.Add($"health check {hc.Path}");
        }

        if (p.RateLimit is { } rl)
        {
            parts.Add($"rate limit {rl.RequestsPerSecond}/s per {rl.Scope ?? "instance"}");
        }

        return parts.Count == 0 ? "defaults: round robin, no limits" : string.Join("; ", parts);
    }
}
