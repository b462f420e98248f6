using System.Buffers;
using System.Security.Cryptography;
using Escale.Crypto.Streams;

namespace Escale.Crypto.Aead;

/// <summary>
/// Opens the header, then verifies chunks in batches (one read and one write per batch, memory
/// bounded by the batch). The header fixes the number of chunks and the last one carries the
/// last-chunk flag in its nonce, so a cut anywhere, a reordering, a splice from another file or
/// extra bytes all fail before the caller installs the destination.
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

        var plan = new BatchPlan(opened.PlainLength, opened.ChunkLog2);
        await DecryptChunksAsync(payload, destination, plan, opened.Suite, keys.Content, SHA256.HashData(header), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Double-buffered: the read of batch k+1 and the write of batch k-1 run while batch k is
    /// decrypted, so a file or network source and the crypto overlap. Buffers go back to the
    /// pool only after every pending operation on them has finished.
    /// </summary>
    private static async Task DecryptChunksAsync(Stream payload, Stream destination, BatchPlan plan, AeadSuite suite, byte[] contentKey, byte[] headerHash, CancellationToken cancellationToken)
    {
        var sealedBuffers = new[] { ArrayPool<byte>.Shared.Rent(plan.MaxSealedBytes), ArrayPool<byte>.Shared.Rent(plan.MaxSealedBytes) };
        var plainBuffers = new[] { ArrayPool<byte>.Shared.Rent(plan.MaxPlainBytes), ArrayPool<byte>.Shared.Rent(plan.MaxPlainBytes) };
        var nonce = new byte[AeadLayout.NonceSize];
        Task<int>? pendingRead = null;
        Task? pendingWrite = null;
        try
        {
            using var cipher = new ChunkCipher(suite, contentKey);
            pendingRead = ReadBatch(payload, sealedBuffers[0], plan.SealedBytes(0), cancellationToken);
            for (var k = 0L; k < plan.BatchCount; k++)
            {
                var sealedBuffer = sealedBuffers[k % 2];
                var plain = plainBuffers[k % 2];
                var n = await pendingRead!.ConfigureAwait(false);
                pendingRead = null;
                if (n < plan.SealedBytes(k))
                {
                    throw new PayloadIntegrityException($"truncated in chunk {plan.ChunkReachedAt(k, n) + 1} of {plan.ChunkCount}");
                }

                if (k + 1 < plan.BatchCount)
                {
                    pendingRead = ReadBatch(payload, sealedBuffers[(k + 1) % 2], plan.SealedBytes(k + 1), cancellationToken);
                }

                var plainBytes = DecryptBatch(cipher, plan, k, sealedBuffer, plain, nonce, headerHash);
                if (pendingWrite is not null)
                {
                    await pendingWrite.ConfigureAwait(false);
                }

                pendingWrite = destination.WriteAsync(plain.AsMemory(0, plainBytes), cancellationToken).AsTask();
            }

            if (pendingWrite is not null)
            {
                await pendingWrite.ConfigureAwait(false);
            }

            if (!await StreamReading.AtEndAsync(payload, sync: false, cancellationToken).ConfigureAwait(false))
            {
                throw new PayloadIntegrityException("extra bytes after the last chunk");
            }
        }
        finally
        {
            await Settle(pendingRead).ConfigureAwait(false);
            await Settle(pendingWrite).ConfigureAwait(false);
            foreach (var buffer in plainBuffers)
            {
                ArrayPool<byte>.Shared.Return(buffer, clearArray: true);
            }

            foreach (var buffer in sealedBuffers)
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }
        }
    }

    private static int DecryptBatch(ChunkCipher cipher, BatchPlan plan, long batch, byte[] sealedBuffer, byte[] plain, byte[] nonce, byte[] headerHash)
    {
        var sealedOffset = 0;
        var plainOffset = 0;
        var (first, end) = plan.Chunks(batch);
        for (var i = first; i < end; i++)
        {
            var length = AeadLayout.ChunkPlainLength(i, plan.ChunkCount, plan.PlainLength, plan.ChunkLog2);
            AeadLayout.ChunkNonce(nonce, i, i == plan.ChunkCount - 1);
            if (!cipher.TryDecrypt(nonce, sealedBuffer.AsSpan(sealedOffset, length), sealedBuffer.AsSpan(sealedOffset + length, AeadLayout.TagSize), plain.AsSpan(plainOffset, length), headerHash))
            {
                throw new PayloadIntegrityException($"chunk {i + 1} of {plan.ChunkCount} failed authentication (altered, reordered or spliced)");
            }

            sealedOffset += length + AeadLayout.TagSize;
            plainOffset += length;
        }

        return plainOffset;
    }

    private static Task<int> ReadBatch(Stream payload, byte[] buffer, int want, CancellationToken cancellationToken) =>
        payload.ReadAtLeastAsync(buffer.AsMemory(0, want), want, throwOnEndOfStream: false, cancellationToken).AsTask();

    private static async Task Settle(Task? task)
    {
        if (task is null)
        {
            return;
        }

        try
        {
            await task.ConfigureAwait(false);
        }
        catch (Exception)
        {
            // already failing: the first error is the one reported
        }
    }
}
