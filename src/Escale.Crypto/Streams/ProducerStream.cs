namespace Escale.Crypto.Streams;

/// <summary>
/// A read-only stream whose bytes are produced block by block on demand, so an encoder never
/// holds more than one block. Subclasses return the next block, or an empty block at the end.
/// </summary>
internal abstract class ProducerStream(long length) : Stream
{
    private ReadOnlyMemory<byte> _pending;
    private long _position;
    private bool _finished;

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    /// <summary>Known in advance for every codec (quota, HTTP Content-Length).</summary>
    public override long Length => length;

    public override long Position
    {
        get => _position;
        set => throw new NotSupportedException();
    }

    /// <summary>
    /// The next block of output, empty at the end. With <paramref name="sync"/> the returned task
    /// must already be complete (the synchronous Read path relies on it).
    /// </summary>
    protected abstract ValueTask<ReadOnlyMemory<byte>> ProduceAsync(bool sync, CancellationToken cancellationToken);

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        if (buffer.IsEmpty)
        {
            return 0;
        }

        while (_pending.IsEmpty && !_finished)
        {
            var next = ProduceAsync(sync: true, CancellationToken.None);
            if (!next.IsCompleted)
            {
                throw new InvalidOperationException("synchronous production did not complete synchronously");
            }

            Accept(next.GetAwaiter().GetResult());
        }

        return Take(buffer);
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (buffer.IsEmpty)
        {
            return 0;
        }

        while (_pending.IsEmpty && !_finished)
        {
            Accept(await ProduceAsync(sync: false, cancellationToken).ConfigureAwait(false));
        }

        return Take(buffer.Span);
    }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    private void Accept(ReadOnlyMemory<byte> block)
    {
        _pending = block;
        _finished = block.IsEmpty;
    }

    private int Take(Span<byte> buffer)
    {
        var n = Math.Min(buffer.Length, _pending.Length);
        _pending.Span[..n].CopyTo(buffer);
        _pending = _pending[n..];
        _position += n;
        return n;
    }
}
