using Mesh.Grains.Storage;

namespace Mesh.Grains.Indexing;

/// <inheritdoc cref="INameIndexGrain"/>
public sealed class NameIndexGrain(
    [PersistentState("index", GrainStorageNames.Mesh)] IPersistentState<NameIndexGrainState> state) : Grain, INameIndexGrain
{
    private SortedSet<string> _names = new(StringComparer.Ordinal);

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _names = new SortedSet<string>(state.State.Names, StringComparer.Ordinal);
        return Task.CompletedTask;
    }

    public async Task<bool> AddAsync(string name)
    {
        if (_names.Contains(name))
        {
            return false;
        }

        await CommitAsync(new SortedSet<string>(_names, StringComparer.Ordinal) { name });
        return true;
    }

    public async Task<bool> RemoveAsync(string name)
    {
        if (!_names.Contains(name))
        {
            return false;
        }

        var next = new SortedSet<string>(_names, StringComparer.Ordinal);
        next.Remove(name);
        await CommitAsync(next);
        return true;
    }

    public Task<bool> ContainsAsync(string name) => Task.FromResult(_names.Contains(name));

    public Task<IReadOnlyList<string>> ListAsync() => Task.FromResult<IReadOnlyList<string>>(state.State.Names);

    private async Task CommitAsync(SortedSet<string> next)
    {
        await state.CommitAsync(new NameIndexGrainState { Names = next.ToList() });
        _names = next;
    }
}
