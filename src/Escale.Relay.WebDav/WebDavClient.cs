using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Microsoft.Extensions.Logging;

namespace Escale.Relay.WebDav;

/// <summary>
/// One HttpClient on one SocketsHttpHandler (HTTP/1.1 keep-alive, <c>transfers</c> pooled connections,
/// no redirects followed: a redirect could carry our credentials elsewhere) plus the request helpers the
/// store needs. Transport failures are translated here, status codes by the caller with context.
/// </summary>
internal sealed class WebDavClient : IDisposable
{
    private const string PropfindBody =
        "<?xml version=\"1.0\" encoding=\"utf-8\"?><D:propfind xmlns:D=\"DAV:\"><D:prop>" +
        "<D:resourcetype/><D:getcontentlength/><D:getlastmodified/></D:prop></D:propfind>";

    private const string QuotaBody =
        "<?xml version=\"1.0\" encoding=\"utf-8\"?><D:propfind xmlns:D=\"DAV:\"><D:prop>" +
        "<D:quota-used-bytes/><D:quota-available-bytes/></D:prop></D:propfind>";

    private readonly HttpClient _http;

    public WebDavClient(WebDavSettings settings, ILogger logger)
    {
        Settings = settings;
        Logger = logger;
        Paths = new WebDavPaths(settings);
        Tls = new TlsPolicy(settings);
        var handler = new SocketsHttpHandler
        {
            MaxConnectionsPerServer = Math.Max(1, settings.Transfers),
            // Under Apache's default KeepAliveTimeout (5 s): reusing a connection the server is closing costs a retry.
            PooledConnectionIdleTimeout = TimeSpan.FromSeconds(4),
            PooledConnectionLifetime = TimeSpan.FromMinutes(10),
            ConnectTimeout = settings.Timeout,
            AllowAutoRedirect = false,
            UseCookies = false,
            UseProxy = false,
            AutomaticDecompression = DecompressionMethods.None,
            Expect100ContinueTimeout = TimeSpan.FromSeconds(1),
        };
        handler.SslOptions.RemoteCertificateValidationCallback = (_, cert, chain, errors) => Tls.Validate(cert, chain, errors);
        if (Tls.ClientCertificate is { } client)
        {
            handler.SslOptions.ClientCertificates = [client];
        }

        Auth = new AuthenticationHandler(handler, settings.User, settings.Password);
        _http = new HttpClient(Auth, disposeHandler: true)
        {
            Timeout = Timeout.InfiniteTimeSpan, // the IdleTimer bounds silence instead of total time
            DefaultRequestVersion = HttpVersion.Version11,
            DefaultVersionPolicy = HttpVersionPolicy.RequestVersionOrLower,
        };
        _http.DefaultRequestHeaders.UserAgent.Add(new ProductInfoHeaderValue("Escale.Mount", "1.0"));
    }

    public WebDavSettings Settings { get; }

    public WebDavPaths Paths { get; }

    public TlsPolicy Tls { get; }

    public AuthenticationHandler Auth { get; }

    public ILogger Logger { get; }

    public IdleTimer Timer(CancellationToken cancellationToken) => new(Settings.Timeout, cancellationToken);

    /// <summary>Sends; transport failures become Transient/Permanent RelayExceptions, caller cancellation stays.</summary>
    public async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, IdleTimer timer, string what, HttpCompletionOption completion = HttpCompletionOption.ResponseContentRead)
    {
        try
        {
            var response = await _http.SendAsync(request, completion, timer.Token);
            timer.Touch();
            return response;
        }
        catch (Exception e) when (WebDavErrors.IsTransport(e) && !(e is OperationCanceledException && !timer.Expired))
        {
            throw WebDavErrors.FromTransport(e, what, timer, Tls);
        }
    }

    /// <summary>A request without body whose answer is only a status (DELETE, MKCOL, MOVE, COPY).</summary>
    public async Task<HttpResponseMessage> SimpleAsync(HttpMethod method, Uri uri, string what, CancellationToken cancellationToken, Action<HttpRequestMessage>? configure = null)
    {
        cancellationToken.ThrowIfCancellationRequested();
        using var timer = Timer(cancellationToken);
        using var request = new HttpRequestMessage(method, uri);
        configure?.Invoke(request);
        return await SendAsync(request, timer, what);
    }

    /// <summary>MOVE or COPY with Destination and Overwrite headers.</summary>
    public Task<HttpResponseMessage> MoveAsync(HttpMethod method, Uri from, Uri to, bool overwrite, string what, CancellationToken cancellationToken) =>
        SimpleAsync(method, from, what, cancellationToken, r =>
        {
            r.Headers.TryAddWithoutValidation("Destination", to.AbsoluteUri);
            r.Headers.TryAddWithoutValidation("Overwrite", overwrite ? "T" : "F");
        });

    /// <summary>PROPFIND with Depth 0 or 1; null when the resource does not exist.</summary>
    public async Task<List<PropfindEntry>?> PropfindAsync(Uri uri, int depth, string what, CancellationToken cancellationToken, bool quota = false)
    {
        cancellationToken.ThrowIfCancellationRequested();
        using var timer = Timer(cancellationToken);
        using var request = new HttpRequestMessage(WebDavMethods.Propfind, uri)
        {
            Content = new ByteArrayContent(Encoding.UTF8.GetBytes(quota ? QuotaBody : PropfindBody)),
        };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/xml") { CharSet = "utf-8" };
        request.Headers.TryAddWithoutValidation("Depth", depth.ToString(System.Globalization.CultureInfo.InvariantCulture));
        using var response = await SendAsync(request, timer, what, HttpCompletionOption.ResponseHeadersRead);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }

        if (response.StatusCode != HttpStatusCode.MultiStatus)
        {
            throw WebDavErrors.FromStatus(response, what);
        }

        try
        {
            await using var body = await response.Content.ReadAsStreamAsync(timer.Token);
            await using var watched = new WatchedReadStream(body, timer, what, Tls);
            return await PropfindParser.ParseAsync(watched, what, timer.Token);
        }
        catch (Exception e) when (WebDavErrors.IsTransport(e) && !(e is OperationCanceledException && !timer.Expired))
        {
            throw WebDavErrors.FromTransport(e, what, timer, Tls);
        }
    }

    public void Dispose() => _http.Dispose();
}
