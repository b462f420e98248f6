using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace Escale.Crypto.Aead;

/// <summary>
/// Writes and opens the 201-byte header. Its metadata (digest of the relay path, plaintext length,
/// mtime) is sealed under the per-file metadata key with the preceding 137 bytes as associated
/// data; the chunks then bind to SHA-256 of the whole header.
/// </summary>
internal static class AeadHeader
{
    public sealed record Opened(AeadSuite Suite, int ChunkLog2, FileKeys Keys, long PlainLength, long MtimeSeconds, byte[] Digest);

    public static byte[] Build(AeadSuite suite, int chunkLog2, byte[] keyBlock, FileKeys keys, ReadOnlySpan<byte> fileSalt, PayloadInfo info)
    {
        var header = new byte[AeadLayout.HeaderSize];
        AeadLayout.Magic.CopyTo(header);
        header[AeadLayout.VersionOffset] = AeadLayout.Version;
        header[AeadLayout.SuiteOffset] = (byte)suite;
        header[AeadLayout.ChunkLog2Offset] = (byte)chunkLog2;
        keyBlock.CopyTo(header, AeadLayout.KeyBlockOffset);
        fileSalt.CopyTo(header.AsSpan(AeadLayout.FileSaltOffset, AeadLayout.SaltSize));

        Span<byte> metadata = stackalloc byte[AeadLayout.MetadataPlainSize];
        PathDigest(info.RelayPath, metadata[..32]);
        BinaryPrimitives.WriteInt64BigEndian(metadata[32..40], info.PlainLength);
        BinaryPrimitives.WriteInt64BigEndian(metadata[40..48], info.MtimeSeconds);
        Span<byte> nonce = stackalloc byte[AeadLayout.NonceSize];
        nonce.Clear();
        using var cipher = new ChunkCipher(suite, keys.Metadata);
        var sealedPart = header.AsSpan(AeadLayout.MetadataOffset);
        cipher.Encrypt(nonce, metadata, sealedPart[..AeadLayout.MetadataPlainSize], sealedPart[AeadLayout.MetadataPlainSize..], header.AsSpan(0, AeadLayout.MetadataOffset));
        return header;
    }

    /// <summary>Validates in order of cost: layout, bounds, then keys (scrypt at most once per key block), then the seal.</summary>
    public static Opened Open(ReadOnlySpan<byte> header, AeadKeyRing keyRing)
    {
        if (!header[..AeadLayout.Magic.Length].SequenceEqual(AeadLayout.Magic))
        {
            throw new PayloadIntegrityException("not an aead payload (no ESCALE magic): pushed by a node with another encryption setting, or altered");
        }

        if (header[AeadLayout.VersionOffset] != AeadLayout.Version)
        {
            throw new PayloadIntegrityException($"unsupported aead format version {header[AeadLayout.VersionOffset]}");
        }

        var suite = (AeadSuite)header[AeadLayout.SuiteOffset];
        if (suite is not (AeadSuite.Aes256Gcm or AeadSuite.ChaCha20Poly1305))
        {
            throw new PayloadIntegrityException($"unknown aead suite {(byte)suite} in the header");
        }

        int chunkLog2 = header[AeadLayout.ChunkLog2Offset];
        if (chunkLog2 is < AeadLayout.MinChunkLog2 or > AeadLayout.MaxChunkLog2)
        {
            throw new PayloadIntegrityException($"chunk size 2^{chunkLog2} out of bounds in the header");
        }

        var master = keyRing.MasterKeyFor(header.Slice(AeadLayout.KeyBlockOffset, KeyBlock.Size));
        var keys = FileKeys.Derive(master, header.Slice(AeadLayout.FileSaltOffset, AeadLayout.SaltSize));
        Span<byte> metadata = stackalloc byte[AeadLayout.MetadataPlainSize];
        Span<byte> nonce = stackalloc byte[AeadLayout.NonceSize];
        nonce.Clear();
        var sealedPart = header[AeadLayout.MetadataOffset..AeadLayout.HeaderSize];
        using (var cipher = new ChunkCipher(suite, keys.Metadata))
        {
            if (!cipher.TryDecrypt(nonce, sealedPart[..AeadLayout.MetadataPlainSize], sealedPart[AeadLayout.MetadataPlainSize..], metadata, header[..AeadLayout.MetadataOffset]))
            {
                keys.Dispose();
                throw new PayloadIntegrityException("the header failed authentication (altered)");
            }
        }

        var length = BinaryPrimitives.ReadInt64BigEndian(metadata[32..40]);
        var mtime = BinaryPrimitives.ReadInt64BigEndian(metadata[40..48]);
        if (length < 0)
        {
            keys.Dispose();
            throw new PayloadIntegrityException($"the header declares an impossible length {length}");
        }

        return new Opened(suite, chunkLog2, keys, length, mtime, metadata[..32].ToArray());
    }

    public static void PathDigest(string relayPath, Span<byte> digest) =>
        SHA256.HashData(Encoding.UTF8.GetBytes(relayPath), digest);
}
