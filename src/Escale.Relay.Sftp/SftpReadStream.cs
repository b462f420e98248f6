namespace Escale.Relay.Sftp;

/// <summary>A remote file handed to a reader: a failure mid-read becomes a Transient RelayException (the caller resumes by offset).</summary>
internal sealed class SftpReadStream(Stream inner, string what, Action onConnectionLoss) : ReadOnlyStream(inner)
{
    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        try
        {
            var n = await Inner.ReadAsync(buffer, cancellationToken);
            BytesRead += n;
            return n;
        }
        catch (Exception e) when (SftpErrors.IsTranslatable(e) && !cancellationToken.IsCancellationRequested)
        {
            if (SftpErrors.IsConnectionLoss(e))
            {
                onConnectionLoss();
            }

            var error = SftpErrors.Translate(e, $"{what} (after {BytesRead} bytes)");
            throw error.Kind == RelayErrorKind.Permanent ? new RelayException(RelayErrorKind.Transient, error.Message, e) : error;
        }
    }

    protected override void Dispose(bool disposing)
    {
        try
        {
            base.Dispose(disposing);
        }
        catch (Exception e) when (SftpErrors.IsTranslatable(e))
        {
            // closing the handle of a lost session: nothing left to release
        }
    }
}
