using System.Net;

namespace Escale.Relay.WebDav;

/// <summary>
/// A PUT body streamed from the caller's stream, which stays the caller's (StreamContent would dispose
/// it). Seekable sources send a Content-Length and can be sent again (authentication, HttpClient's
/// retry of a request on a connection the server had just closed); others go chunked, once.
/// Every chunk written resets the idle timer, so a slow but moving upload never times out.
/// </summary>
internal sealed class UploadContent : HttpContent
{
    private const int ChunkSize = 1024 * 1024;
    private readonly Stream _source;
    private readonly long _start;
    private readonly IdleTimer _timer;
    private int _sends;

    public UploadContent(Stream source, IdleTimer timer)
    {
        _source = source;
        _timer = timer;
        _start = source.CanSeek ? source.Position : -1;
        Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/octet-stream");
    }

    public bool CanRewind => _start >= 0;

    /// <summary>Bytes handed to the connection in the last send.</summary>
    public long Sent { get; private set; }

    protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) =>
        SerializeToStreamAsync(stream, context, CancellationToken.None);

    protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken cancellationToken)
    {
        if (Interlocked.Increment(ref _sends) > 1)
        {
            if (!CanRewind)
            {
                throw new IOException("the upload cannot be sent again: its source is not seekable");
            }

            _source.Position = _start;
        }

        Sent = 0;
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _timer.Token);
        var buffer = System.Buffers.ArrayPool<byte>.Shared.Rent(ChunkSize);
        try
        {
            int n;
            while ((n = await _source.ReadAsync(buffer.AsMemory(0, ChunkSize), linked.Token)) > 0)
            {
                await stream.WriteAsync(buffer.AsMemory(0, n), linked.Token);
                Sent += n;
                _timer.Touch();
            }
        }
        finally
        {
            System.Buffers.ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    protected override bool TryComputeLength(out long length)
    {
        length = CanRewind ? Math.Max(0, _source.Length - _start) : 0;
        return CanRewind;
    }
}
