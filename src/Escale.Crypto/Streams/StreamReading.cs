namespace Escale.Crypto.Streams;

/// <summary>Fill-the-buffer reads shared by the encoders, sync or async as the caller asks.</summary>
internal static class StreamReading
{
    /// <summary>Reads until <paramref name="buffer"/> is full or the stream ends; returns the count.</summary>
    public static async ValueTask<int> FillAsync(Stream stream, Memory<byte> buffer, bool sync, CancellationToken cancellationToken)
    {
        if (sync)
        {
            return stream.ReadAtLeast(buffer.Span, buffer.Length, throwOnEndOfStream: false);
        }

        return await stream.ReadAtLeastAsync(buffer, buffer.Length, throwOnEndOfStream: false, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>True when the stream has no more bytes (consumes at most one byte).</summary>
    public static async ValueTask<bool> AtEndAsync(Stream stream, bool sync, CancellationToken cancellationToken)
    {
        var probe = new byte[1];
        var n = sync ? stream.Read(probe, 0, 1) : await stream.ReadAsync(probe, cancellationToken).ConfigureAwait(false);
        return n == 0;
    }

    public static IOException LengthChanged(string relayPath, long declared, string how) =>
        new($"{relayPath}: the file changed while being pushed ({how} than the {declared} bytes announced)");
}
