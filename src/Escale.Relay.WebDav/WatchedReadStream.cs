namespace Escale.Relay.WebDav;

/// <summary>
/// A response body handed to a reader: each read must make progress within the idle timeout, and a
/// cut connection or truncated body becomes a Transient RelayException (the caller resumes with an
/// offset). Owns the response (and its timer) when given, so disposing the stream releases the connection.
/// </summary>
internal sealed class WatchedReadStream(Stream inner, IdleTimer timer, string what, TlsPolicy? tls, HttpResponseMessage? owned = null, bool ownsTimer = false) : ReadOnlyStream(inner)
{
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
            var n = await Inner.ReadAsync(buffer, token);
            BytesRead += n;
            return n;
        }
        catch (Exception e) when (WebDavErrors.IsTransport(e) && !cancellationToken.IsCancellationRequested)
        {
            throw WebDavErrors.FromTransport(e, $"{what} (after {BytesRead} bytes)", timer, tls);
        }
        finally
        {
            linked?.Dispose();
        }
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            owned?.Dispose();
            if (ownsTimer)
            {
                timer.Dispose();
            }
        }

        base.Dispose(disposing);
    }
}
