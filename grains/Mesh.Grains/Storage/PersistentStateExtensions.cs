
namespace Mesh.Grains.Storage;

/// <summary>Write helpers for grain state that is replaced whole.</summary>
public static class PersistentStateExtensions
{
    /// <summary>
    /// Makes <paramref name="next"/> the state and persists it. If storage refuses (an outage, or an ETag conflict
    /// from a duplicate activation), the previous state is restored before the error propagates, so the grain never
    /// serves a value that was not stored.
    /// </summary>
    public static async Task CommitAsync<T>(this IPersistentState<T> state, T next)
    {
        var current = state.State;
        state.State = next;
        try
        {
            await state.WriteStateAsync();
        }
        catch
        {
            state.State = current;
            throw;
        }
    }
}
