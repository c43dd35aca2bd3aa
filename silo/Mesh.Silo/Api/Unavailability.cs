using System.Data.Common;
using Mesh.Grains.Storage;

namespace Mesh.Silo.Api;

/// <summary>Which failures of a grain call mean "the store or the cluster is unavailable" (retry later), not a bug.</summary>
internal static class Unavailability
{
    /// <remarks>
    /// <see cref="Orleans.Serialization.CodecNotFoundException"/>: a remote grain failed with an exception that cannot
    /// cross silos — in practice the database driver's, from reading state while the store is down.
    /// </remarks>
    public static bool IsUnavailable(Exception e) =>
        e is DbException or TimeoutException or OrleansException or StoreUnavailableException or Orleans.Serialization.CodecNotFoundException;
}
