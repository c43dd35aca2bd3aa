using Mesh.Grains.Storage;
using Orleans.Concurrency;

namespace Mesh.Grains.Indexing;

/// <inheritdoc cref="INameIndexGrain"/>
/// <remarks>
/// Changes are group-committed: the grain is reentrant, every add or remove joins the open batch, and one storage
/// write at a time stores all changes of a batch, each caller answered once its batch is stored. Ten thousand proxies
/// connecting at once then cost a few dozen writes of the index, not ten thousand growing ones.
/// </remarks>
[Reentrant]
internal sealed class NameIndexGrain(
    [PersistentState("index", GrainStorageNames.Mesh)] IPersistentState<NameIndexGrainState> state) : Grain, INameIndexGrain
{
    private SortedSet<string> _names = new(StringComparer.Ordinal);
    private Batch _open = new();
    private Batch? _inFlight;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _names = new SortedSet<string>(state.State.Names, StringComparer.Ordinal);
        return Task.CompletedTask;
    }

    public Task<bool> AddAsync(string name) => ChangeAsync(name, add: true);

    public Task<bool> RemoveAsync(string name) => ChangeAsync(name, add: false);

    public Task<bool> ContainsAsync(string name) => Task.FromResult(_names.Contains(name));

    public Task<IReadOnlyList<string>> ListAsync() => Task.FromResult<IReadOnlyList<string>>(state.State.Names);

    /// <summary>
    /// Joins the open batch and answers once that batch is stored, with whether the change differed from the index as
    /// it stood with all changes before it. A change the batch in flight already makes waits for that batch instead,
    /// so no answer precedes the storage of what it reports.
    /// </summary>
    private async Task<bool> ChangeAsync(string name, bool add)
    {
        bool changed;
        if (_open.Changes.TryGetValue(name, out var pending))
        {
            changed = pending != add;
        }
        else if (_inFlight is { } flying && flying.Changes.TryGetValue(name, out var sending))
        {
            if (sending == add)
            {
                await flying.Stored.Task;
                return false;
            }

            changed = true;
        }
        else if (_names.Contains(name) == add)
        {
            return false;
        }
        else
        {
            changed = true;
        }

        var batch = _open;
        batch.Changes[name] = add;
        if (_inFlight is null)
        {
            _ = WriteBatchesAsync();
        }

        await batch.Stored.Task;
        return changed;
    }

    /// <summary>Stores the open batches one after another until none is left; runs on the grain's scheduler.</summary>
    private async Task WriteBatchesAsync()
    {
        while (_open.Changes.Count > 0)
        {
            var batch = _inFlight = _open;
            _open = new Batch();
            var next = new SortedSet<string>(_names, StringComparer.Ordinal);
            foreach (var (name, add) in batch.Changes)
            {
                _ = add ? next.Add(name) : next.Remove(name);
            }

            try
            {
                await state.CommitAsync(new NameIndexGrainState { Names = next.ToList() }); // a List: the JSON store records the concrete type
                _names = next;
                batch.Stored.TrySetResult();
            }
            catch (Exception e)
            {
                batch.Stored.TrySetException(e);
            }
            finally
            {
                _inFlight = null;
            }
        }
    }

    private sealed class Batch
    {
        public Dictionary<string, bool> Changes { get; } = new(StringComparer.Ordinal);

        public TaskCompletionSource Stored { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
