using System.Buffers.Binary;
using System.Text;

namespace Escale.Crypto.Aead;

/// <summary>
/// Byte layout of an aead payload (native-notes/aead-format.md is the prose version; keep both in step).
/// Every size is fixed, so the payload length follows from the plaintext length alone.
/// </summary>
internal static class AeadLayout
{
    public const byte Version = 1;
    public const int TagSize = 16;
    public const int NonceSize = 12;
    public const int KeySize = 32;
    public const int SaltSize = 32;
    public const int WriterChunkLog2 = 16;
    public const int MinChunkLog2 = 12;
    public const int MaxChunkLog2 = 20;

    /// <summary>Chunks per I/O call on both sides (1 MiB of plaintext at the writer's chunk size).</summary>
    public const int BatchChunks = 16;

    // header
    public const int MagicOffset = 0;
    public const int VersionOffset = 6;
    public const int SuiteOffset = 7;
    public const int ChunkLog2Offset = 8;
    public const int KeyBlockOffset = 9;
    public const int FileSaltOffset = KeyBlockOffset + KeyBlock.Size;            // 105
    public const int MetadataOffset = FileSaltOffset + SaltSize;                 // 137
    public const int MetadataPlainSize = 32 + 8 + 8;                             // path digest, length, mtime
    public const int HeaderSize = MetadataOffset + MetadataPlainSize + TagSize;  // 201

    /// <summary>The last byte of a chunk nonce: set only on the final chunk, so a cut at a chunk boundary fails.</summary>
    public const byte LastChunkFlag = 0x01;

    public static ReadOnlySpan<byte> Magic => "ESCALE"u8;

    public static readonly byte[] ContentInfo = Encoding.ASCII.GetBytes("escale aead v1 content");
    public static readonly byte[] MetadataInfo = Encoding.ASCII.GetBytes("escale aead v1 metadata");
    public static readonly byte[] FileContentInfo = Encoding.ASCII.GetBytes("escale aead v1 file content");
    public static readonly byte[] FileMetadataInfo = Encoding.ASCII.GetBytes("escale aead v1 file metadata");
    public static readonly byte[] RepositorySalt = Encoding.ASCII.GetBytes("escale aead v1 repository key");
    public static readonly byte[] KeyWrapInfo = Encoding.ASCII.GetBytes("escale aead v1 key wrapping");
    public static readonly byte[] ChecksumInfo = Encoding.ASCII.GetBytes("escale aead v1 checksum");
    public static readonly byte[] NamesInfo = Encoding.ASCII.GetBytes("escale aead v1 names");

    /// <summary>At least one chunk, so even an empty file carries an authenticated last chunk.</summary>
    public static long ChunkCount(long plainLength, int chunkLog2) =>
        plainLength == 0 ? 1 : ((plainLength - 1) >> chunkLog2) + 1;

    public static int ChunkPlainLength(long index, long chunkCount, long plainLength, int chunkLog2) =>
        index < chunkCount - 1 ? 1 << chunkLog2 : (int)(plainLength - (index << chunkLog2));

    public static long EncodedLength(long plainLength, int chunkLog2)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(plainLength);
        return HeaderSize + plainLength + (ChunkCount(plainLength, chunkLog2) * TagSize);
    }

    public static long? DecodedLength(long encodedLength, int chunkLog2)
    {
        var body = encodedLength - HeaderSize;
        if (body < TagSize)
        {
            return null;
        }

        long fullChunk = (1 << chunkLog2) + TagSize;
        var full = body / fullChunk;
        var rest = body % fullChunk;
        if (rest == 0)
        {
            return full << chunkLog2;
        }

        // a partial last chunk holds at least one byte, except the single empty chunk of an empty file
        var lastPlain = rest - TagSize;
        return lastPlain > 0 || (lastPlain == 0 && full == 0) ? (full << chunkLog2) + lastPlain : null;
    }

    /// <summary>11-byte big-endian chunk counter, then the last-chunk flag.</summary>
    public static void ChunkNonce(Span<byte> nonce, long index, bool last)
    {
        nonce.Clear();
        BinaryPrimitives.WriteInt64BigEndian(nonce[3..11], index);
        nonce[11] = last ? LastChunkFlag : (byte)0;
    }
}
