using System.Buffers;
using System.Security.Cryptography;
using Escale.Crypto.Streams;

namespace Escale.Crypto.Aead;

/// <summary>
/// Opens the header, then verifies and writes one chunk at a time. The header fixes the number
/// of chunks and the last one carries the last-chunk flag in its nonce, so a cut anywhere, a
/// reordering, a splice from another file or extra bytes all fail before the caller installs
/// the destination.
/// </summary>
internal static class AeadDecoder
{
    public static async Task DecodeAsync(Stream payload, Stream destination, PayloadInfo info, AeadKeyRing keyRing, CancellationToken cancellationToken)
    {
        var header = new byte[AeadLayout.HeaderSize];
        var got = await payload.ReadAtLeastAsync(header, header.Length, throwOnEndOfStream: false, cancellationToken).ConfigureAwait(false);
        if (got < header.Length)
        {
            throw new PayloadIntegrityException($"truncated: {got} bytes is shorter than an aead header");
        }

        var opened = AeadHeader.Open(header, keyRing);
        using var keys = opened.Keys;
        var expectedDigest = new byte[32];
        AeadHeader.PathDigest(info.RelayPath, expectedDigest);
        if (!CryptographicOperations.FixedTimeEquals(expectedDigest, opened.Digest))
        {
            throw new PayloadIntegrityException("the payload was written for another file name (moved or swapped on the relay)");
        }

        if (info.PlainLength >= 0 && opened.PlainLength != info.PlainLength)
        {
            throw new PayloadIntegrityException($"the payload declares {opened.PlainLength} bytes, the placeholder {info.PlainLength}");
        }

        var headerHash = SHA256.HashData(header);
        var chunkCount = AeadLayout.ChunkCount(opened.PlainLength, opened.ChunkLog2);
        var chunkSize = 1 << opened.ChunkLog2;
        var sealedBuffer = ArrayPool<byte>.Shared.Rent(chunkSize + AeadLayout.TagSize);
        var plain = ArrayPool<byte>.Shared.Rent(chunkSize);
        var nonce = new byte[AeadLayout.NonceSize];
        try
        {
            using var cipher = new ChunkCipher(opened.Suite, keys.Content);
            for (long i = 0; i < chunkCount; i++)
            {
                var length = AeadLayout.ChunkPlainLength(i, chunkCount, opened.PlainLength, opened.ChunkLog2);
                var want = length + AeadLayout.TagSize;
                var n = await payload.ReadAtLeastAsync(sealedBuffer.AsMemory(0, want), want, throwOnEndOfStream: false, cancellationToken).ConfigureAwait(false);
                if (n < want)
                {
                    throw new PayloadIntegrityException($"truncated in chunk {i + 1} of {chunkCount}");
                }

                AeadLayout.ChunkNonce(nonce, i, i == chunkCount - 1);
                if (!cipher.TryDecrypt(nonce, sealedBuffer.AsSpan(0, length), sealedBuffer.AsSpan(length, AeadLayout.TagSize), plain.AsSpan(0, length), headerHash))
                {
                    throw new PayloadIntegrityException($"chunk {i + 1} of {chunkCount} failed authentication (altered, reordered or spliced)");
                }

                await destination.WriteAsync(plain.AsMemory(0, length), cancellationToken).ConfigureAwait(false);
            }

            if (!await StreamReading.AtEndAsync(payload, sync: false, cancellationToken).ConfigureAwait(false))
            {
                throw new PayloadIntegrityException("extra bytes after the last chunk");
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(plain, clearArray: true);
            ArrayPool<byte>.Shared.Return(sealedBuffer);
        }
    }
}
