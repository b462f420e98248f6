using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;

namespace Escale.Relay.Rclone;

/// <summary>
/// The rc calls a store makes on the shared daemon: JSON POSTs (operations/list, stat, movefile,
/// deletefile, mkdir, about, fsinfo, config/get), a multipart POST for operations/uploadfile, and a
/// GET of <c>/[fs]/path</c> (rcd --rc-serve) with a Range header for reads from an offset.
/// </summary>
internal sealed class RcloneApi(RcloneDaemon daemon, TimeSpan timeout)
{
    public RcloneDaemon Daemon => daemon;

    public async Task<JsonObject> CallAsync(string command, JsonObject parameters, string what, CancellationToken cancellationToken)
    {
        using var bound = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        bound.CancelAfter(timeout * 2); // rclone's own --timeout applies inside; this only catches a stuck daemon
        try
        {
            // rcd decodes a JSON body only for exactly "application/json" (no charset parameter).
            using var content = new StringContent(parameters.ToJsonString());
            content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
            using var response = await daemon.Http.PostAsync(command, content, bound.Token);
            var body = await response.Content.ReadAsStringAsync(bound.Token);
            var json = body.Length > 0 ? JsonNode.Parse(body) as JsonObject : null;
            if (!response.IsSuccessStatusCode)
            {
                throw RcloneErrors.FromAnswer((int)response.StatusCode, json?["error"]?.GetValue<string>() ?? $"HTTP {(int)response.StatusCode}", what);
            }

            return json ?? [];
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new RelayException(RelayErrorKind.Transient, $"{what}: no answer from rclone within {(timeout * 2).TotalSeconds:0} s");
        }
        catch (Exception e) when (RcloneErrors.IsTransport(e) || e is System.Text.Json.JsonException)
        {
            throw RcloneErrors.FromTransport(e, what, daemon.LastLines());
        }
    }

    /// <summary>Streams <paramref name="content"/> into <paramref name="directory"/>/<paramref name="name"/> on <paramref name="fs"/>.</summary>
    public async Task UploadAsync(string fs, string directory, string name, Stream content, string what, CancellationToken cancellationToken)
    {
        var query = $"operations/uploadfile?fs={Uri.EscapeDataString(fs)}&remote={Uri.EscapeDataString(directory)}";
        using var form = new MultipartFormDataContent();
        var part = new StreamContent(new NonDisposingStream(content), 1 << 16);
        part.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        form.Add(part, "file0", name);
        try
        {
            using var response = await daemon.Http.PostAsync(query, form, cancellationToken);
            if (!response.IsSuccessStatusCode)
            {
                var json = JsonNode.Parse(await response.Content.ReadAsStringAsync(cancellationToken)) as JsonObject;
                throw RcloneErrors.FromAnswer((int)response.StatusCode, json?["error"]?.GetValue<string>() ?? $"HTTP {(int)response.StatusCode}", what);
            }
        }
        catch (Exception e) when ((RcloneErrors.IsTransport(e) || e is System.Text.Json.JsonException) && !cancellationToken.IsCancellationRequested)
        {
            throw RcloneErrors.FromTransport(e, what, daemon.LastLines());
        }
    }

    public async Task<Stream> OpenReadAsync(string fs, string remote, long offset, string what, CancellationToken cancellationToken)
    {
        var url = "/" + Uri.EscapeDataString("[" + fs + "]") + "/" + string.Join('/', remote.Split('/').Select(Uri.EscapeDataString));
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        if (offset > 0)
        {
            request.Headers.Range = new RangeHeaderValue(offset, null);
        }

        HttpResponseMessage? response = null;
        try
        {
            response = await daemon.Http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
            if (response.StatusCode == HttpStatusCode.NotFound)
            {
                throw new RelayException(RelayErrorKind.NotFound, $"{what}: not on the relay");
            }

            if (!response.IsSuccessStatusCode || (offset > 0 && response.StatusCode != HttpStatusCode.PartialContent))
            {
                throw RcloneErrors.FromAnswer((int)response.StatusCode, $"HTTP {(int)response.StatusCode} {response.ReasonPhrase}", what);
            }

            var stream = await response.Content.ReadAsStreamAsync(cancellationToken);
            var owned = response;
            response = null;
            return new RcloneReadStream(stream, owned, what, daemon);
        }
        catch (Exception e) when (RcloneErrors.IsTransport(e) && !cancellationToken.IsCancellationRequested)
        {
            throw RcloneErrors.FromTransport(e, what, daemon.LastLines());
        }
        finally
        {
            response?.Dispose();
        }
    }
}
