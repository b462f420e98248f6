using System.Net;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Escale.Stress.Tests;

/// <summary>
/// A Kestrel proxy of the tests in front of a real WebDAV server (Apache), which turns it hostile for
/// a few requests: the relay root's listing gains hrefs outside the relay and names with control
/// characters; <c>endless/</c> lists for ever; <c>bigheader/</c> answers with a 100 MB header;
/// <c>trickle/slow.bin</c> is served one byte every two seconds. Everything else is forwarded as is.
/// </summary>
public sealed class HostileDavProxy : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly HttpClient _upstream;
    private readonly int _upstreamPort;
    private readonly string _root;
    private int _endless, _trickle, _bigHeader, _injected, _forwarded;

    private HostileDavProxy(WebApplication app, int upstreamPort, string relayDir)
    {
        _app = app;
        _upstreamPort = upstreamPort;
        _root = "/" + relayDir;
        _upstream = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false }) { BaseAddress = new Uri($"http://127.0.0.1:{upstreamPort}"), Timeout = Timeout.InfiniteTimeSpan };
    }

    public int Port { get; private set; }

    /// <summary>False: a plain forwarding proxy (the server healed).</summary>
    public bool Hostile { get; set; } = true;

    public bool EndlessServed => _endless > 0;

    public bool TrickleServed => _trickle > 0;

    public bool BigHeaderServed => _bigHeader > 0;

    public string Summary => $"{_forwarded} forwarded, root listing poisoned {_injected}x, endless {_endless}x, trickle {_trickle}x, 100 MB header {_bigHeader}x";

    public static async Task<HostileDavProxy> StartAsync(int upstreamPort, string relayDir)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(o =>
        {
            o.Listen(IPAddress.Loopback, 0);
            o.Limits.MaxRequestBodySize = null;
        });
        var app = builder.Build();
        var proxy = new HostileDavProxy(app, upstreamPort, relayDir);
        app.Run(proxy.HandleAsync);
        await app.StartAsync();
        proxy.Port = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First()).Port;
        return proxy;
    }

    private async Task HandleAsync(HttpContext ctx)
    {
        var path = ctx.Request.Path.Value!.TrimEnd('/');
        try
        {
            switch (ctx.Request.Method, path)
            {
                case (_, _) when !Hostile:
                    await ForwardAsync(ctx, poison: false);
                    return;
                case ("PROPFIND", _) when path == _root + "/endless":
                    Interlocked.Increment(ref _endless);
                    await EndlessListingAsync(ctx);
                    return;
                case ("PROPFIND", _) when path == _root + "/bigheader":
                    Interlocked.Increment(ref _bigHeader);
                    ctx.Response.StatusCode = 207;
                    ctx.Response.Headers["X-Padding"] = new string('a', 100 << 20);
                    await ctx.Response.WriteAsync("<?xml version=\"1.0\"?><D:multistatus xmlns:D=\"DAV:\"></D:multistatus>", ctx.RequestAborted);
                    return;
                case ("GET", _) when path == _root + "/trickle/slow.bin":
                    Interlocked.Increment(ref _trickle);
                    await TrickleAsync(ctx);
                    return;
                default:
                    Interlocked.Increment(ref _forwarded);
                    await ForwardAsync(ctx, poison: ctx.Request.Method == "PROPFIND" && path == _root);
                    return;
            }
        }
        catch (Exception e) when (e is OperationCanceledException or IOException or HttpRequestException)
        {
            ctx.Abort(); // the client gave up (as it should for the hostile answers) or Apache went away
        }
    }

    private static async Task EndlessListingAsync(HttpContext ctx)
    {
        ctx.Response.StatusCode = 207;
        ctx.Response.ContentType = "application/xml";
        await ctx.Response.WriteAsync("<?xml version=\"1.0\"?><D:multistatus xmlns:D=\"DAV:\">", ctx.RequestAborted);
        var folder = ctx.Request.Path.Value!.TrimEnd('/');
        var chunk = Encoding.UTF8.GetBytes(string.Concat(Enumerable.Range(0, 200).Select(i => Entry($"{folder}/x{i}.txt", 1))));
        while (!ctx.RequestAborted.IsCancellationRequested)
        {
            await ctx.Response.Body.WriteAsync(chunk, ctx.RequestAborted);
        }
    }

    private static async Task TrickleAsync(HttpContext ctx)
    {
        ctx.Response.StatusCode = 200;
        ctx.Response.ContentLength = 1 << 20;
        for (var i = 0; i < 1 << 20 && !ctx.RequestAborted.IsCancellationRequested; i++)
        {
            await ctx.Response.Body.WriteAsync(new byte[] { (byte)i }, ctx.RequestAborted);
            await ctx.Response.Body.FlushAsync(ctx.RequestAborted);
            await Task.Delay(2000, ctx.RequestAborted);
        }
    }

    private async Task ForwardAsync(HttpContext ctx, bool poison)
    {
        using var request = new HttpRequestMessage(new HttpMethod(ctx.Request.Method), ctx.Request.Path + ctx.Request.QueryString);
        if (ctx.Request.ContentLength > 0 || ctx.Request.Headers.TransferEncoding.Count > 0)
        {
            request.Content = new StreamContent(ctx.Request.Body);
        }

        foreach (var (name, values) in ctx.Request.Headers)
        {
            if (name is "Host" or "Connection" or "Transfer-Encoding")
            {
                continue;
            }

            // Apache refuses a MOVE/COPY whose destination names another port: point it at Apache.
            var value = name == "Destination" ? values.ToString().Replace($":{Port}/", $":{_upstreamPort}/", StringComparison.Ordinal) : values.ToString();
            if (!request.Headers.TryAddWithoutValidation(name, value))
            {
                request.Content ??= new ByteArrayContent([]);
                request.Content.Headers.TryAddWithoutValidation(name, value);
            }
        }

        using var response = await _upstream.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ctx.RequestAborted);
        ctx.Response.StatusCode = (int)response.StatusCode;
        foreach (var (name, values) in response.Headers.Concat(response.Content.Headers))
        {
            if (name is not ("Transfer-Encoding" or "Connection" or "Keep-Alive") && !(poison && name == "Content-Length"))
            {
                ctx.Response.Headers[name] = values.ToArray();
            }
        }

        if (!poison || (int)response.StatusCode != 207)
        {
            await response.Content.CopyToAsync(ctx.Response.Body, ctx.RequestAborted);
            return;
        }

        Interlocked.Increment(ref _injected);
        var body = await response.Content.ReadAsStringAsync(ctx.RequestAborted);
        var end = body.LastIndexOf("</D:multistatus>", StringComparison.Ordinal);
        var hostile = string.Concat(
            Under("/../../etc/passwd", 10), Under("/%2e%2e/%2e%2e/escape.txt", 10), Under("/..%2f..%2fescape2.txt", 10),
            Entry("http://evil.example" + _root + "/evil.txt", 3), Entry("/elsewhere/outside.txt", 3),
            Under("/%1B%5B31mred%1B%5B0m.txt", 5), Under("/bell%07%00nul.txt", 5), Under("/.%1B%5D0%3Bowned%07.txt.placeholder", 40));
        await ctx.Response.WriteAsync(end < 0 ? body : body[..end] + hostile + body[end..], ctx.RequestAborted);

        string Under(string name, long length) => Entry(_root + name, length);
    }

    private static string Entry(string href, long length) =>
        $"<D:response><D:href>{href}</D:href><D:propstat><D:prop><D:resourcetype/><D:getcontentlength>{length}</D:getcontentlength>" +
        "<D:getlastmodified>Sat, 21 Nov 2026 05:55:27 GMT</D:getlastmodified></D:prop><D:status>HTTP/1.1 200 OK</D:status></D:propstat></D:response>";

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        _upstream.Dispose();
    }
}
