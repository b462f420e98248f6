using System.Net;
using System.Net.Http.Headers;
using System.Text;

namespace Escale.WebDavServer.Tests;

/// <summary>The same semantics as the FUSE host, seen through HTTP: merged listing, fetch on GET, write-back on complete PUT.</summary>
public sealed class FolderSemanticsTests
{
    private static readonly System.Xml.Linq.XName State = System.Xml.Linq.XName.Get("state", "urn:escale:");

    [Fact]
    public async Task Listing_merges_offers_with_their_real_sizes_and_states()
    {
        await using var f = await FrontEndFixture.StartAsync();
        File.WriteAllText(Path.Combine(f.Mirror, "mine.txt"), "local");
        f.Relay.Offer("theirs.bin", new byte[12345]);
        f.Relay.Offer("deep/inside.txt", new byte[7]);
        using var c = f.Client();
        var list = await Dav.PropFindAsync(c, "/", "1");
        Assert.Equal("5", Dav.Prop(list, "/mine.txt", Dav.D + "getcontentlength"));
        Assert.Equal("12345", Dav.Prop(list, "/theirs.bin", Dav.D + "getcontentlength"));
        Assert.NotNull(list.Descendants(Dav.D + "href").SingleOrDefault(h => h.Value == "/deep/"));
        Assert.Equal("offered", Dav.Prop(list, "/theirs.bin", State));
        Assert.Equal("local", Dav.Prop(list, "/mine.txt", State));
        Assert.Equal(0, f.Relay.FetchCount("theirs.bin")); // listing never fetches
    }

    [Fact]
    public async Task Concurrent_gets_of_an_offered_file_share_one_fetch()
    {
        await using var f = await FrontEndFixture.StartAsync();
        var content = Encoding.UTF8.GetBytes(new string('x', 300_000));
        f.Relay.Offer("big.txt", content);
        f.Relay.FetchDelay = TimeSpan.FromMilliseconds(500);
        using var c = f.Client();
        var bodies = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => c.GetByteArrayAsync("/big.txt")));
        Assert.All(bodies, b => Assert.Equal(content, b));
        Assert.Equal(1, f.Relay.FetchCount("big.txt"));
        Assert.Equal(content, File.ReadAllBytes(Path.Combine(f.Mirror, "big.txt")));
    }

    [Fact]
    public async Task A_failed_fetch_answers_bad_gateway_with_a_reason()
    {
        await using var f = await FrontEndFixture.StartAsync();
        f.Relay.Offer("broken.bin", new byte[10]);
        f.Relay.FailFetch = _ => new IOException("relay said no");
        using var c = f.Client();
        using var r = await c.GetAsync("/broken.bin");
        Assert.Equal(HttpStatusCode.BadGateway, r.StatusCode);
        Assert.Contains("could not fetch broken.bin from the relay", await r.Content.ReadAsStringAsync());
        Assert.False(File.Exists(Path.Combine(f.Mirror, "broken.bin")));
    }

    [Fact]
    public async Task Put_is_queued_for_write_back_only_when_complete_and_etag_changes()
    {
        await using var f = await FrontEndFixture.StartAsync();
        using var c = f.Client();
        using (var r = await c.PutAsync("/doc.txt", Dav.Bytes(Encoding.UTF8.GetBytes("one"))))
        {
            Assert.Equal(HttpStatusCode.Created, r.StatusCode);
        }

        Assert.Equal(["changed doc.txt"], f.Relay.Events);
        using var head1 = await c.SendAsync(new HttpRequestMessage(HttpMethod.Head, "/doc.txt"));
        using (var r = await c.PutAsync("/doc.txt", Dav.Bytes(Encoding.UTF8.GetBytes("two!"))))
        {
            Assert.Equal(HttpStatusCode.NoContent, r.StatusCode);
        }

        using var head2 = await c.SendAsync(new HttpRequestMessage(HttpMethod.Head, "/doc.txt"));
        Assert.NotEqual(head1.Headers.ETag, head2.Headers.ETag);
        Assert.Equal("two!", File.ReadAllText(Path.Combine(f.Mirror, "doc.txt")));
        Assert.Empty(Directory.GetFiles(f.Mirror, ".escale-put-*"));
    }

    [Fact]
    public async Task An_interrupted_put_leaves_the_old_file_and_queues_nothing()
    {
        await using var f = await FrontEndFixture.StartAsync();
        File.WriteAllText(Path.Combine(f.Mirror, "keep.txt"), "old");
        using var tcp = new System.Net.Sockets.TcpClient();
        await tcp.ConnectAsync("127.0.0.1", f.Server.Port);
        var auth = Convert.ToBase64String(Encoding.UTF8.GetBytes("escale:" + f.Server.Secret));
        var head = $"PUT /keep.txt HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Basic {auth}\r\nContent-Length: 1000000\r\n\r\n";
        var stream = tcp.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes(head));
        await stream.WriteAsync(new byte[5000]);
        await stream.FlushAsync();
        await Task.Delay(300);
        tcp.Close();
        for (var i = 0; i < 100 && Directory.GetFiles(f.Mirror, ".escale-put-*").Length > 0; i++)
        {
            await Task.Delay(100);
        }

        Assert.Empty(Directory.GetFiles(f.Mirror, ".escale-put-*"));
        Assert.Equal("old", File.ReadAllText(Path.Combine(f.Mirror, "keep.txt")));
        Assert.Empty(f.Relay.Events);
    }

    [Fact]
    public async Task Range_reads_return_the_asked_bytes()
    {
        await using var f = await FrontEndFixture.StartAsync();
        var data = Enumerable.Range(0, 5000).Select(i => (byte)i).ToArray();
        File.WriteAllBytes(Path.Combine(f.Mirror, "r.bin"), data);
        using var c = f.Client();
        foreach (var (range, start, length) in new[] { ("bytes=10-19", 10, 10), ("bytes=4990-", 4990, 10), ("bytes=-5", 4995, 5), ("bytes=4000-99999", 4000, 1000) })
        {
            using var req = new HttpRequestMessage(HttpMethod.Get, "/r.bin");
            req.Headers.TryAddWithoutValidation("Range", range);
            using var r = await c.SendAsync(req);
            Assert.Equal(HttpStatusCode.PartialContent, r.StatusCode);
            Assert.Equal(data.AsSpan(start, length).ToArray(), await r.Content.ReadAsByteArrayAsync());
        }

        using var bad = new HttpRequestMessage(HttpMethod.Get, "/r.bin");
        bad.Headers.Range = new RangeHeaderValue(6000, null);
        Assert.Equal(HttpStatusCode.RequestedRangeNotSatisfiable, (await c.SendAsync(bad)).StatusCode);
    }

    [Fact]
    public async Task Reads_longer_than_one_chunk_arrive_whole_and_a_client_that_leaves_costs_nothing()
    {
        await using var f = await FrontEndFixture.StartAsync();
        var data = new byte[(5 << 20) + 3]; // several 1 MiB chunks and a short tail
        new Random(5).NextBytes(data);
        File.WriteAllBytes(Path.Combine(f.Mirror, "big.bin"), data);
        using var c = f.Client();
        Assert.Equal(data, await c.GetByteArrayAsync("/big.bin"));

        using var req = new HttpRequestMessage(HttpMethod.Get, "/big.bin");
        req.Headers.Range = new RangeHeaderValue(1_000_000, 3_200_000); // crosses chunk boundaries
        using var r = await c.SendAsync(req);
        Assert.Equal(HttpStatusCode.PartialContent, r.StatusCode);
        Assert.Equal(data.AsSpan(1_000_000, 2_200_001).ToArray(), await r.Content.ReadAsByteArrayAsync());

        // A client that reads 64 KiB and hangs up: the server goes on answering others.
        using (var leaving = f.Client())
        using (var partial = await leaving.GetAsync("/big.bin", HttpCompletionOption.ResponseHeadersRead))
        await using (var body = await partial.Content.ReadAsStreamAsync())
        {
            await body.ReadExactlyAsync(new byte[65536]);
        }

        Assert.Equal(data, await c.GetByteArrayAsync("/big.bin"));
    }

    [Fact]
    public async Task Quota_comes_from_the_relay()
    {
        await using var f = await FrontEndFixture.StartAsync(new WebDavQuota(1_000_000, 9_000_000));
        using var c = f.Client();
        const string body = "<?xml version=\"1.0\"?><D:propfind xmlns:D=\"DAV:\"><D:prop><D:quota-available-bytes/><D:quota-used-bytes/></D:prop></D:propfind>";
        string? free = null;
        for (var i = 0; i < 50 && free is null; i++)
        {
            free = Dav.Prop(await Dav.PropFindAsync(c, "/", "0", body), "", Dav.D + "quota-available-bytes");
            await Task.Delay(50);
        }

        Assert.Equal("9000000", free);
        Assert.Equal("1000000", Dav.Prop(await Dav.PropFindAsync(c, "/", "0", body), "", Dav.D + "quota-used-bytes"));
    }

    [Fact]
    public async Task Delete_of_an_offer_declines_it_and_move_reports_a_rename()
    {
        await using var f = await FrontEndFixture.StartAsync();
        f.Relay.Offer("o.txt", new byte[3]);
        File.WriteAllText(Path.Combine(f.Mirror, "a.txt"), "a");
        using var c = f.Client();
        Assert.Equal(HttpStatusCode.NoContent, (await c.DeleteAsync("/o.txt")).StatusCode);
        using var move = await c.SendAsync(Dav.Request("MOVE", "/a.txt", null, ("Destination", f.Url + "b.txt")));
        Assert.Equal(HttpStatusCode.Created, move.StatusCode);
        Assert.Equal(["deleted o.txt", "renamed a.txt -> b.txt"], f.Relay.Events);
    }

    [Fact]
    public async Task Paths_that_leave_the_folder_are_refused()
    {
        await using var f = await FrontEndFixture.StartAsync();
        using var c = f.Client();
        foreach (var raw in new[] { "/../etc/passwd", "/a/%2e%2e/%2e%2e/x", "/a%2Fb", "/x%00y" })
        {
            using var tcp = new System.Net.Sockets.TcpClient();
            await tcp.ConnectAsync("127.0.0.1", f.Server.Port);
            var auth = Convert.ToBase64String(Encoding.UTF8.GetBytes("escale:" + f.Server.Secret));
            var s = tcp.GetStream();
            await s.WriteAsync(Encoding.ASCII.GetBytes($"PUT {raw} HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Basic {auth}\r\nContent-Length: 1\r\nConnection: close\r\n\r\nx"));
            var answer = await new StreamReader(s).ReadLineAsync();
            Assert.Matches(@"HTTP/1\.1 (400|404|409)", answer);
        }

        Assert.Empty(Directory.GetFileSystemEntries(f.Mirror));
    }
}
