using System.Text;
using Escale.Core.Paths;
using Escale.Relay.WebDav.Tests.Fakes;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging.Abstractions;

namespace Escale.Relay.WebDav.Tests;

/// <summary>A server that lies: nothing it answers may take us outside the relay folder or exhaust memory.</summary>
public sealed class HostileServerTests : IAsyncLifetime
{
    private const string Head = "<?xml version=\"1.0\" encoding=\"utf-8\"?>";
    private FakeDavServer _fake = null!;

    public async Task InitializeAsync() => _fake = await FakeDavServer.StartAsync();

    public async Task DisposeAsync() => await _fake.DisposeAsync();

    private static string Response(string href, bool collection = false, long length = 1) =>
        $"<D:response><D:href>{href}</D:href><D:propstat><D:prop><D:resourcetype>{(collection ? "<D:collection/>" : "")}</D:resourcetype>" +
        $"<D:getcontentlength>{length}</D:getcontentlength><D:getlastmodified>Sat, 21 Nov 2026 05:55:27 GMT</D:getlastmodified></D:prop>" +
        "<D:status>HTTP/1.1 200 OK</D:status></D:propstat></D:response>";

    private void Answer(int status, string body, string? header = null, string? value = null) => _fake.Handler = async ctx =>
    {
        ctx.Response.StatusCode = status;
        if (header is not null)
        {
            ctx.Response.Headers[header] = value;
        }

        await ctx.Response.WriteAsync(body);
    };

    [Fact]
    public async Task Hrefs_outside_the_relay_folder_are_refused_and_logged_once()
    {
        var hrefs = new[]
        {
            "/relay/", "/relay/ok%20file.txt", "http://127.0.0.1:PORT/relay/also-ok.txt",
            "/relay/../../etc/passwd", "/relay/%2e%2e/%2E%2E/etc/shadow", "http://evil.example/relay/evil.txt",
            "https://127.0.0.1:PORT/relay/wrong-scheme.txt", "/other/outside.txt", "/relay/a%2Fb", "/relay/sub/deeper.txt",
            "/relay/bad%FF%FE.txt", "relative.txt", "/relay/..%2f..%2fx", "/relay/../relay/sneaky.txt",
        };
        var body = Head + "<D:multistatus xmlns:D=\"DAV:\">" + string.Concat(hrefs.Select(h => Response(h.Replace("PORT", _fake.Port.ToString(), StringComparison.Ordinal), h.EndsWith('/')))) + "</D:multistatus>";
        Answer(207, body);
        var logger = new ListLogger();
        await using var store = _fake.Store(logger);
        var names = new List<string>();
        await foreach (var e in store.ListAsync(RelayPath.Root, CancellationToken.None))
        {
            names.Add(e.Name);
        }

        Assert.Equal(["ok file.txt", "also-ok.txt"], names);
        Assert.NotEmpty(logger.Lines);
        Assert.Equal(logger.Lines.Count, logger.Lines.Distinct().Count());
        Assert.True(logger.Lines.Count <= 6, string.Join("\n", logger.Lines));
    }

    [Theory]
    [InlineData("<!DOCTYPE lolz [<!ENTITY lol \"lol\"><!ENTITY lol2 \"&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;\"><!ENTITY lol3 \"&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;\">]><D:multistatus xmlns:D=\"DAV:\"><D:response><D:href>/relay/&lol3;</D:href></D:response></D:multistatus>")]
    [InlineData("<!DOCTYPE x [<!ENTITY xxe SYSTEM \"file:///etc/passwd\">]><D:multistatus xmlns:D=\"DAV:\"><D:response><D:href>/relay/&xxe;</D:href></D:response></D:multistatus>")]
    [InlineData("<D:multistatus xmlns:D=\"DAV:\"><D:response><D:href>/relay/x</D:href>")]
    public async Task Entity_bombs_external_entities_and_broken_xml_are_refused(string xml)
    {
        Answer(207, Head + xml);
        await using var store = _fake.Store(NullLogger.Instance);
        var e = await Assert.ThrowsAsync<RelayException>(async () =>
        {
            await foreach (var _ in store.ListAsync(RelayPath.Root, CancellationToken.None))
            {
            }
        });
        Assert.Equal(RelayErrorKind.Permanent, e.Kind);
    }

    [Fact]
    public async Task Deep_nesting_is_refused()
    {
        var sb = new StringBuilder(Head + "<D:multistatus xmlns:D=\"DAV:\">");
        for (var i = 0; i < 100_000; i++)
        {
            sb.Append("<D:x>");
        }

        Answer(207, sb.ToString());
        await using var store = _fake.Store(NullLogger.Instance);
        var e = await Assert.ThrowsAsync<RelayException>(() => store.StatAsync(RelayPath.Parse("f"), CancellationToken.None));
        Assert.Contains("nested deeper", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_endless_answer_is_cut_at_the_cap_with_bounded_memory()
    {
        _fake.Handler = async ctx =>
        {
            ctx.Response.StatusCode = 207;
            await ctx.Response.WriteAsync(Head + "<D:multistatus xmlns:D=\"DAV:\">", ctx.RequestAborted);
            var chunk = Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat(Response("/relay/f"), 200)));
            try
            {
                for (long sent = 0; sent < 200L << 20 && !ctx.RequestAborted.IsCancellationRequested; sent += chunk.Length)
                {
                    await ctx.Response.Body.WriteAsync(chunk, ctx.RequestAborted);
                }
            }
            catch (OperationCanceledException)
            {
            }
        };
        await using var store = _fake.Store(NullLogger.Instance);
        var before = GC.GetTotalMemory(forceFullCollection: true);
        var e = await Assert.ThrowsAsync<RelayException>(async () =>
        {
            await foreach (var _ in store.ListAsync(RelayPath.Root, CancellationToken.None))
            {
            }
        });
        Assert.Equal(RelayErrorKind.Permanent, e.Kind);
        Assert.True(e.Message.Contains("larger than 32 MiB", StringComparison.Ordinal) || e.Message.Contains("more than", StringComparison.Ordinal), e.Message);
        var grown = GC.GetTotalMemory(forceFullCollection: false) - before;
        Assert.True(grown < 256L << 20, $"memory grew by {grown >> 20} MiB");
    }

    [Theory]
    [InlineData(429, RelayErrorKind.Transient)]
    [InlineData(423, RelayErrorKind.Transient)]
    [InlineData(502, RelayErrorKind.Transient)]
    [InlineData(503, RelayErrorKind.Transient)]
    [InlineData(504, RelayErrorKind.Transient)]
    [InlineData(507, RelayErrorKind.QuotaExceeded)]
    [InlineData(403, RelayErrorKind.Permanent)]
    [InlineData(400, RelayErrorKind.Permanent)]
    [InlineData(401, RelayErrorKind.Authentication)]
    [InlineData(302, RelayErrorKind.Permanent)]
    public async Task Status_codes_are_translated_once(int status, RelayErrorKind kind)
    {
        Answer(status, "", "Location", "http://evil.example/steal");
        await using var store = _fake.Store(NullLogger.Instance);
        var e = await Assert.ThrowsAsync<RelayException>(() =>
            store.WriteAsync(RelayPath.Parse("f"), new MemoryStream([1, 2, 3]), WriteMode.Overwrite, CancellationToken.None));
        Assert.Equal(kind, e.Kind);
        Assert.DoesNotContain('\n', e.Message);
    }

    [Fact]
    public async Task Retry_after_is_exposed_and_honoured_by_the_retry_decorator()
    {
        var calls = 0;
        _fake.Handler = async ctx =>
        {
            if (Interlocked.Increment(ref calls) == 1)
            {
                ctx.Response.StatusCode = 429;
                ctx.Response.Headers.RetryAfter = "1";
                return;
            }

            ctx.Response.StatusCode = 207;
            await ctx.Response.WriteAsync(Head + "<D:multistatus xmlns:D=\"DAV:\">" + Response("/relay/f", length: 42) + "</D:multistatus>");
        };
        await using var store = _fake.Store(NullLogger.Instance);
        var e = await Assert.ThrowsAsync<RelayException>(() => store.StatAsync(RelayPath.Parse("f"), CancellationToken.None));
        Assert.Equal(TimeSpan.FromSeconds(1), e.RetryAfter);

        calls = 0;
        var retrying = new RetryingRelayStore(store, NullLogger.Instance, attempts: 3, firstDelay: TimeSpan.FromMilliseconds(10));
        var started = DateTime.UtcNow;
        var stat = await retrying.StatAsync(RelayPath.Parse("f"), CancellationToken.None);
        Assert.Equal(42, stat?.Size);
        Assert.True(DateTime.UtcNow - started >= TimeSpan.FromMilliseconds(950), "Retry-After not honoured");
    }
}
