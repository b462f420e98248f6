using System.Net;

namespace Escale.Relay.WebDav;

/// <summary>
/// A PUT body that announces more bytes than it sends and then fails, which makes HttpClient drop the
/// connection mid-body: the probe's stand-in for a cable cut during an upload.
/// </summary>
internal sealed class AbortedUploadContent(int announced, int sent) : HttpContent
{
    protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
    {
        await stream.WriteAsync(new byte[sent]);
        await stream.FlushAsync();
        throw new IOException("probe: upload cut on purpose");
    }

    protected override bool TryComputeLength(out long length)
    {
        length = announced;
        return true;
    }
}
