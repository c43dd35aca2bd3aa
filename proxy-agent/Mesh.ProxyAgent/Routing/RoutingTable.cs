using System.Collections.Immutable;

namespace Mesh.ProxyAgent.Routing;

/// <summary>
/// The configs in force: one immutable map of service snapshots, swapped whole. A request reads
/// <see cref="Services"/> once and keeps that map, so a swap never drops or half-applies a request.
/// </summary>
internal sealed class RoutingTable
{
    private readonly Lock _gate = new();
    private volatile ImmutableDictionary<string, AgentServiceSnapshot> _services = ImmutableDictionary<string, AgentServiceSnapshot>.Empty;
    private volatile TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public ImmutableDictionary<string, AgentServiceSnapshot> Services => _services;

    /// <summary>Completes at the next swap. Read it before checking <see cref="Services"/> so no swap is missed.</summary>
    public Task Changed => _changed.Task;

    /// <summary>The version in force for each service, as Hello's held_versions.</summary>
    public IReadOnlyDictionary<string, long> HeldVersions() => _services.ToDictionary(s => s.Key, s => s.Value.Version, StringComparer.Ordinal);

    /// <summary>Takes the configs of <paramref name="services"/> out of force.</summary>
    public void Remove(IReadOnlyCollection<string> services)
    {
        ArgumentNullException.ThrowIfNull(services);
        TaskCompletionSource changed;
        lock (_gate)
        {
            _services = _services.RemoveRange(services);
            changed = _changed;
            _changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        changed.TrySetResult();
    }

    /// <summary>Puts <paramref name="snapshot"/> in force for its service and wakes whoever waits for a change.</summary>
    public void Apply(AgentServiceSnapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        TaskCompletionSource changed;
        lock (_gate)
        {
            _services = _services.SetItem(snapshot.Service, snapshot);
            changed = _changed;
            _changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        changed.TrySetResult();
    }
}
