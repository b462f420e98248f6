namespace Escale.Relay.Rclone;

/// <summary>A served file: a cut body becomes a Transient RelayException (the caller resumes by offset); owns the response.</summary>
internal sealed class RcloneReadStream(Stream inner, HttpResponseMessage response, string what, RcloneDaemon daemon) : ReadOnlyStream(inner)
{
    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        try
        {
            var n = await Inner.ReadAsync(buffer, cancellationToken);
            BytesRead += n;
            return n;
        }
        catch (Exception e) when (RcloneErrors.IsTransport(e) && !cancellationToken.IsCancellationRequested)
        {
            throw RcloneErrors.FromTransport(e, $"{what} (after {BytesRead} bytes)", daemon.LastLines());
        }
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            response.Dispose();
        }

        base.Dispose(disposing);
    }
}
