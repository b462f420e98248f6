namespace Escale.Crypto.Aead;

/// <summary>How a payload's chunks group into I/O batches (the decoder's arithmetic in one place).</summary>
internal sealed class BatchPlan
{
    public BatchPlan(long plainLength, int chunkLog2)
    {
        PlainLength = plainLength;
        ChunkLog2 = chunkLog2;
        ChunkCount = AeadLayout.ChunkCount(plainLength, chunkLog2);

        // about 1 MiB of plaintext per batch whatever the chunk size
        ChunksPerBatch = Math.Max(1, (AeadLayout.BatchChunks << AeadLayout.WriterChunkLog2) >> chunkLog2);
        BatchCount = ((ChunkCount - 1) / ChunksPerBatch) + 1;
        MaxPlainBytes = ChunksPerBatch << chunkLog2;
        MaxSealedBytes = MaxPlainBytes + (ChunksPerBatch * AeadLayout.TagSize);
    }

    public long PlainLength { get; }

    public int ChunkLog2 { get; }

    public long ChunkCount { get; }

    public int ChunksPerBatch { get; }

    public long BatchCount { get; }

    public int MaxPlainBytes { get; }

    public int MaxSealedBytes { get; }

    public (long First, long End) Chunks(long batch)
    {
        var first = batch * ChunksPerBatch;
        return (first, Math.Min(first + ChunksPerBatch, ChunkCount));
    }

    public int SealedBytes(long batch)
    {
        var (first, end) = Chunks(batch);
        var plain = Math.Min(end << ChunkLog2, PlainLength) - (first << ChunkLog2);
        return (int)(plain + ((end - first) * AeadLayout.TagSize));
    }

    /// <summary>The chunk a short read of batch <paramref name="batch"/> stopped in (for messages).</summary>
    public long ChunkReachedAt(long batch, int bytesRead) =>
        Chunks(batch).First + (bytesRead / ((1 << ChunkLog2) + AeadLayout.TagSize));
}
