using System.Net.Security;

namespace Escale.Relay.Ftp.Client;

/// <summary>
/// The data connection of one transfer. Every read and write gets the connection's timeout, so a
/// stalled transfer fails within it (the clock restarts with each moved buffer, so a slow but living
/// transfer of any size goes through). <see cref="FinishAsync"/> closes it and returns the final reply.
/// </summary>
internal sealed class FtpDataStream(FtpConnection connection, Stream inner, TimeSpan timeout) : Stream
{
    private bool _closed;

    public TimeSpan Timeout => timeout;

    public long Transferred { get; private set; }

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => Transferred; set => throw new NotSupportedException(); }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var n = await connection.GuardAsync("receiving data", async token => await inner.ReadAsync(buffer, token), cancellationToken);
        Transferred += n;
        return n;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        await connection.GuardAsync("sending data", async token =>
        {
            await inner.WriteAsync(buffer, token);
            return true;
        }, cancellationToken);
        Transferred += buffer.Length;
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    /// <summary>Closes the data connection (TLS close_notify first, so the server knows the upload is whole) and reads the final reply.</summary>
    public async Task<FtpReply> FinishAsync(bool upload, CancellationToken cancellationToken)
    {
        if (!_closed)
        {
            _closed = true;
            await connection.GuardAsync("closing the data connection", async token =>
            {
                // After a download the server has already closed its side: answering would only meet a reset.
                if (upload && inner is SslStream ssl)
                {
                    await ssl.ShutdownAsync();
                    // Read to the server's close: TLS 1.3 tickets arrive after the handshake, and .NET uses
                    // a ticket once, so the next data connection can resume only if this one's ticket was read.
                    var sink = new byte[512];
                    while (await ssl.ReadAsync(sink, token) > 0)
                    {
                    }
                }

                await inner.DisposeAsync();
                return true;
            }, cancellationToken);
        }

        return await connection.ReadReplyAsync("end of transfer", cancellationToken);
    }

    public override int Read(byte[] buffer, int offset, int count) =>
        ReadAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult(); // sync callers block, bounded by the timeout

    public override void Write(byte[] buffer, int offset, int count) =>
        WriteAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing && !_closed)
        {
            _closed = true;
            connection.MarkBroken(); // abandoned mid-transfer: the control connection's state is unknown
            inner.Dispose();
        }

        base.Dispose(disposing);
    }

    public override async ValueTask DisposeAsync()
    {
        if (!_closed)
        {
            _closed = true;
            connection.MarkBroken();
            try
            {
                await inner.DisposeAsync();
            }
            catch (Exception e) when (e is IOException or ObjectDisposedException)
            {
            }
        }

        await base.DisposeAsync();
    }
}
