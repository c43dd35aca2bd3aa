
namespace Mesh.Grains.Storage;

/// <summary>Write helpers for grain state that is replaced whole.</summary>
internal static class PersistentStateExtensions
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
        catch (Exception e) when (IsOutage(e))
        {
            state.State = current;

            // The driver's exception (e.g. NpgsqlException) has no codec and cannot travel back to a caller on
            // another silo; this one can, and says what happened without the driver's internals.
            throw new StoreUnavailableException($"the store did not take the write ({e.GetType().Name}: {e.Message})");
        }
        catch
        {
            state.State = current;
            throw;
        }
    }

    private static bool IsOutage(Exception e) =>
        e is System.Data.Common.DbException or TimeoutException or System.Net.Sockets.SocketException or IOException ||
        (e.InnerException is { } inner && IsOutage(inner));
}
