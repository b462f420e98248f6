using Escale.Relay;

namespace Escale.Sync.Parts;

/// <summary>A read-only window of <paramref name="length"/> bytes of a file, from <paramref name="offset"/>: one part's plaintext.</summary>
internal sealed class SliceStream(string path, long offset, long length) : ReadOnlyStream(Open(path, offset))
{
    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var n = await Inner.ReadAsync(buffer[..(int)Math.Min(buffer.Length, length - BytesRead)], cancellationToken);
        BytesRead += n;
        return n;
    }

    private static FileStream Open(string path, long offset)
    {
        var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 1 << 16, FileOptions.Asynchronous | FileOptions.SequentialScan);
        file.Seek(offset, SeekOrigin.Begin);
        return file;
    }
}
