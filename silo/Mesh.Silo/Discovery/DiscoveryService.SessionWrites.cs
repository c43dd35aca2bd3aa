using Mesh.Model.Validation;
using Mesh.Silo.Api;

namespace Mesh.Silo.Discovery;

/// <summary>The writes a session makes to the cluster (its record, its endpoint) without letting an unavailable store hold it.</summary>
internal sealed partial class DiscoveryService
{
    /// <summary>
    /// Runs a write a session needs but can live without: when the store or the cluster is unavailable, or the grain
    /// does not answer within <see cref="DiscoveryOptions.SessionWriteTimeout"/> (its silo froze), the session still
    /// gets what this silo knows (static stability) and the write is made again later. <c>null</c>: not made.
    /// </summary>
    private async Task<WriteResult<T>?> StoreOptionalAsync<T>(Func<Task<WriteResult<T>>> write, string proxyId, string what)
    {
        try
        {
            return await write().WaitAsync(options.SessionWriteTimeout, time);
        }
        catch (Exception e) when (Unavailability.IsUnavailable(e))
        {
            LogStoreUnavailable(e, proxyId, what);
            return null;
        }
    }

    /// <summary>Makes a session write that could not be made when the session opened, every few seconds until it is made or the session ends.</summary>
    private async Task RecordLaterAsync<T>(Func<Task<WriteResult<T>>> write, CancellationToken sessionEnded)
    {
        while (!sessionEnded.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(options.RetryPeriod, time, sessionEnded);
                await write().WaitAsync(options.SessionWriteTimeout, time, sessionEnded);
                return;
            }
            catch (Exception e) when (Unavailability.IsUnavailable(e))
            {
                // Still unavailable; try again.
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }
}
