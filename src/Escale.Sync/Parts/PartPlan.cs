namespace Escale.Sync.Parts;

/// <summary>
/// How a file of a given length is cut for the relay (issue 15): nothing below <c>min split size</c>, else parts
/// of <c>split size</c> (the last one holding the rest). Each default is stated here, once.
/// </summary>
public sealed record PartPlan(long Length, long PartSize, int Count)
{
    /// <summary>The part size of <c>split = yes</c> without <c>split size</c>.</summary>
    public const long DefaultSplitSize = 64L << 20;

    /// <summary>
    /// Most parts of one file: the placeholder carries a digest per part and must stay far below the 1 MiB a reader
    /// accepts (4096 SHA-512 digests ≈ 520 KB). A file that would need more gets larger parts.
    /// </summary>
    public const int MaxParts = 4096;

    /// <summary>Smallest part size accepted (a smaller one only multiplies relay round trips).</summary>
    public const long MinPartSize = 64L << 10;

    /// <summary>
    /// The plan for a file of <paramref name="length"/> bytes, or null when it travels whole: splitting off
    /// (<paramref name="splitSize"/> null), below the minimum (<paramref name="minSplitSize"/>, default the split
    /// size), or a single part.
    /// </summary>
    public static PartPlan? For(long length, long? splitSize, long? minSplitSize)
    {
        if (splitSize is not { } configured)
        {
            return null;
        }

        var size = Math.Max(MinPartSize, configured == 0 ? DefaultSplitSize : configured);
        if (length < (minSplitSize ?? size))
        {
            return null;
        }

        size = Math.Max(size, (length + MaxParts - 1) / MaxParts);
        var count = (int)((length + size - 1) / size);
        return count < 2 ? null : new PartPlan(length, size, count);
    }

    /// <summary>Offset of part <paramref name="index"/> (from 1).</summary>
    public long Offset(int index) => (index - 1) * PartSize;

    /// <summary>Plaintext length of part <paramref name="index"/> (from 1).</summary>
    public long LengthOf(int index) => index < Count ? PartSize : Length - Offset(index);

    /// <summary>What the codec binds part <paramref name="index"/> to: the file's relay path and the index, so a part moved to another file or index fails (aead).</summary>
    public static string BindingOf(string relayPath, int index, int count) => $"{relayPath}#part-{index}/{count}";
}
