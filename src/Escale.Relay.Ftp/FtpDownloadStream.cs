using Escale.Relay.Ftp.Client;

namespace Escale.Relay.Ftp;

/// <summary>
/// What OpenReadAsync hands out: the data connection of a RETR plus the pooled control connection it
/// belongs to. At the end of the data it checks the server's final reply (a transfer cut short by the
/// server ends with 426/451, not 226), then gives the connection back. Disposed early, it drops the
/// connection instead of draining it: a new login is cheaper than reading the rest of a large file.
/// </summary>
internal sealed class FtpDownloadStream(FtpLease lease, FtpDataStream data, string what) : Stream
{
    private bool _finished;
    private bool _disposed;

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => data.Transferred; set => throw new NotSupportedException(); }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_finished || buffer.Length == 0)
        {
            return 0;
        }

        var n = await data.ReadAsync(buffer, cancellationToken);
        if (n == 0)
        {
            var reply = await data.FinishAsync(upload: false, cancellationToken);
            _finished = true;
            await lease.DisposeAsync();
            if (reply.Code is not (226 or 250))
            {
                throw FtpErrors.ForReply(reply, what, FtpOperation.Read, lease.Connection.Options.Endpoint);
            }
        }

        return n;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override int Read(byte[] buffer, int offset, int count) =>
        ReadAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult(); // sync callers block, bounded by the timeout

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
            DisposeAsync().AsTask().GetAwaiter().GetResult(); // only closes sockets: does not wait on the network
        }

        base.Dispose(disposing);
    }

    public override async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        if (!_finished)
        {
            await data.DisposeAsync(); // marks the connection broken
            await lease.DisposeAsync();
        }

        GC.SuppressFinalize(this);
    }
}
