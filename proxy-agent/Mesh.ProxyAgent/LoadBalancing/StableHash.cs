using System.Buffers;
using System.IO.Hashing;
using System.Text;

namespace Mesh.ProxyAgent.LoadBalancing;

/// <summary>
/// A 64-bit hash that is the same in every process, on every machine and across restarts (XxHash64, seed 0, over
/// UTF-8), so every proxy maps a key to the same place on a hash ring. Never use <see cref="string.GetHashCode()"/>
/// for this: it is randomised per process.
/// </summary>
internal static class StableHash
{
    private const int StackLimit = 256;

    /// <summary>The hash of <paramref name="text"/>'s UTF-8 bytes. Allocation-free up to 256 characters; beyond, it rents a buffer.</summary>
    public static ulong Of(ReadOnlySpan<char> text)
    {
        var maxBytes = Encoding.UTF8.GetMaxByteCount(text.Length);
        byte[]? rented = null;
        var buffer = maxBytes <= StackLimit * 3 ? stackalloc byte[StackLimit * 3] : (rented = ArrayPool<byte>.Shared.Rent(maxBytes));
        try
        {
            var length = Encoding.UTF8.GetBytes(text, buffer);
            return XxHash64.HashToUInt64(buffer[..length]);
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }
}
