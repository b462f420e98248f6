namespace Escale.Relay.WebDav;

/// <summary>
/// A response body handed to a reader: each read must make progress within the idle timeout, and a
/// cut connection or truncated body becomes a Transient RelayException (the caller resumes with an
/// offset). Owns the response (and its timer) when given, so disposing the stream releases the connection.
/// </summary>
internal sealed class WatchedReadStream(Stream inner, IdleTimer timer, string what, TlsPolicy? tls, HttpResponseMessage? owned = null, bool ownsTimer = false) : Stream
{
    private long _position;

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => _position;
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count) =>
        ReadAsync(buffer.AsMemory(offset, count), CancellationToken.None).AsTask().GetAwaiter().GetResult();

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        timer.Touch();
        CancellationTokenSource? linked = null;
        var token = timer.Token;
        if (cancellationToken.CanBeCanceled)
        {
            linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timer.Token);
            token = linked.Token;
        }

        try
        {
            var n = await inner.ReadAsync(buffer, token);
            _position += n;
            return n;
        }
        catch (Exception e) when (WebDavErrors.IsTransport(e) && !cancellationToken.IsCancellationRequested)
        {
            throw WebDavErrors.FromTransport(e, $"{what} (after {_position} bytes)", timer, tls);
        }
        finally
        {
            linked?.Dispose();
        }
    }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            inner.Dispose();
            owned?.Dispose();
            if (ownsTimer)
            {
                timer.Dispose();
            }
        }

        base.Dispose(disposing);
    }
}
