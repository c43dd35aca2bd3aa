using System.Buffers.Binary;
using System.IO.Hashing;
using Google.Protobuf;
using Mesh.Protos.Discovery.V1;

namespace Mesh.ProxyAgent.Caching;

/// <summary>
/// The on-disk form of one cached config: a 16-byte header, then the <see cref="ServiceConfig"/> exactly as the silo
/// pushed it, in protobuf wire form. Header, little-endian: the magic <c>MSHC</c>, the format (<see cref="Format"/>),
/// the payload's length and its CRC-32. A file whose magic, length or checksum does not hold is refused whole, and so
/// is a format this agent does not know (one written by a newer agent): a cache is only ever a stand-in for the
/// control plane, so refusing costs nothing that the next push does not bring back.
/// </summary>
internal static class CacheFile
{
    /// <summary>The format this agent writes and the only one it reads.</summary>
    public const int Format = 1;

    public const int HeaderLength = 16;

    /// <summary>Larger files are refused before they are read: a pushed config is at most gRPC's 4 MiB.</summary>
    public const int MaxLength = 16 * 1024 * 1024;

    private static ReadOnlySpan<byte> Magic => "MSHC"u8;

    public static byte[] Encode(ServiceConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        var payloadLength = config.CalculateSize();
        var bytes = new byte[HeaderLength + payloadLength];
        var payload = bytes.AsSpan(HeaderLength);
        config.WriteTo(payload);
        Magic.CopyTo(bytes);
        BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(4), Format);
        BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(8), payloadLength);
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(12), Crc32.HashToUInt32(payload));
        return bytes;
    }

    /// <summary>The config in <paramref name="bytes"/>, or false with why the file cannot be used.</summary>
    public static bool TryDecode(ReadOnlySpan<byte> bytes, out ServiceConfig? config, out string error)
    {
        config = null;
        if (bytes.Length < HeaderLength || !bytes[..4].SequenceEqual(Magic))
        {
            error = "not a Mesh config cache file";
            return false;
        }

        var format = BinaryPrimitives.ReadInt32LittleEndian(bytes[4..]);
        if (format != Format)
        {
            error = $"format {format} is not the format this agent reads ({Format})";
            return false;
        }

        var length = BinaryPrimitives.ReadInt32LittleEndian(bytes[8..]);
        if (length != bytes.Length - HeaderLength)
        {
            error = $"the header announces {length} bytes of config but the file holds {bytes.Length - HeaderLength}";
            return false;
        }

        var payload = bytes[HeaderLength..];
        if (BinaryPrimitives.ReadUInt32LittleEndian(bytes[12..]) != Crc32.HashToUInt32(payload))
        {
            error = "the checksum does not match the config";
            return false;
        }

        try
        {
            config = ServiceConfig.Parser.ParseFrom(payload);
        }
        catch (InvalidProtocolBufferException ex)
        {
            error = "the config does not parse: " + ex.Message;
            return false;
        }

        error = "";
        return true;
    }
}
