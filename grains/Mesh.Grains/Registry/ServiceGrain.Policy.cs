using Mesh.Grains.Naming;
using Mesh.Grains.Storage;
using Mesh.Model.Registry;
using Mesh.Model.Revisions;
using Mesh.Model.Validation;

namespace Mesh.Grains.Registry;

/// <summary>The service policy: a versioned document of its own inside the service, with history and rollback.</summary>
public sealed partial class ServiceGrain
{
    public Task<PolicySnapshot> GetPolicyAsync() => Task.FromResult(PolicySnapshotOf(state.State));

    public Task<WriteResult<PolicySnapshot>> PutPolicyAsync(ServiceSettings policy, long? expectedVersion, string by)
    {
        var errors = new List<FieldError>();
        NameRules.Service(Service, "service", errors);
        errors.AddRange(ServiceSettingsValidator.Validate(policy));
        if (errors.Count > 0)
        {
            return Task.FromResult(WriteResult<PolicySnapshot>.Invalid(errors));
        }

        return CommitPolicyAsync(policy with { Subsets = policy.Subsets ?? [] }, expectedVersion, by, Summarize(policy));
    }

    public Task<IReadOnlyList<RevisionInfo>> GetPolicyHistoryAsync() => Task.FromResult(RevisionHistory.NewestFirst(state.State.PolicyHistory));

    public Task<Revision<ServiceSettings>?> GetPolicyRevisionAsync(long version) => Task.FromResult(RevisionHistory.Find(state.State.PolicyHistory, version));

    public Task<WriteResult<PolicySnapshot>> RollbackPolicyAsync(long toVersion, long? expectedVersion, string by)
    {
        var target = RevisionHistory.Find(state.State.PolicyHistory, toVersion);
        return target is null
            ? Task.FromResult(WriteResult<PolicySnapshot>.Invalid("toVersion", RevisionHistory.Missing(state.State.PolicyHistory, toVersion)))
            : CommitPolicyAsync(target.Document, expectedVersion, by, $"rollback to version {toVersion}: {target.Info.Summary}");
    }

    private async Task<WriteResult<PolicySnapshot>> CommitPolicyAsync(ServiceSettings policy, long? expectedVersion, string by, string summary)
    {
        var current = state.State;
        if (expectedVersion is { } expected && expected != current.PolicyVersion)
        {
            return WriteResult<PolicySnapshot>.Conflict(
                current.PolicyHistory.Count > 0 ? current.PolicyHistory[^1].Info : null,
                $"the service policy is at version {current.PolicyVersion}, not {expected}; reload it and apply your change again");
        }

        var revision = new Revision<ServiceSettings>
        {
            Info = new RevisionInfo { Version = current.PolicyVersion + 1, At = time.GetUtcNow(), By = by, Summary = summary },
            Document = policy,
        };
        await CommitAsync(current with
        {
            Settings = policy,
            PolicyVersion = revision.Info.Version,
            PolicyHistory = RevisionHistory.Append(current.PolicyHistory, revision),
        });
        return WriteResult<PolicySnapshot>.Accepted(PolicySnapshotOf(state.State));
    }

    private PolicySnapshot PolicySnapshotOf(ServiceGrainState s)
    {
        var last = s.PolicyHistory.Count > 0 ? s.PolicyHistory[^1].Info : null;
        return new PolicySnapshot { Service = Service, ResourceVersion = s.PolicyVersion, Policy = s.Settings, ModifiedAt = last?.At, ModifiedBy = last?.By };
    }

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
