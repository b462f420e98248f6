using System.Net;
using System.Text;

namespace Escale.WebDavServer.Tests;

/// <summary>
/// Request sequences shaped like the Windows mini-redirector's and Finder's (documented behaviour:
/// OPTIONS and PROPFIND Depth 0 first, zero-length PUT, LOCK, PUT with the token, PROPPATCH of the
/// Win32 times, UNLOCK; `Translate: f` on GET), and a real second client (rclone's webdav remote).
/// </summary>
public sealed class ClientShapeTests(ITestOutputHelper output)
{
    private const string Win32Times = """
        <?xml version="1.0" encoding="utf-8" ?><D:propertyupdate xmlns:D="DAV:" xmlns:Z="urn:schemas-microsoft-com:"><D:set><D:prop>
        <Z:Win32CreationTime>Tue, 01 Dec 2026 10:00:00 GMT</Z:Win32CreationTime>
        <Z:Win32LastAccessTime>Tue, 01 Dec 2026 11:00:00 GMT</Z:Win32LastAccessTime>
        <Z:Win32LastModifiedTime>Tue, 01 Dec 2026 12:00:00 GMT</Z:Win32LastModifiedTime>
        <Z:Win32FileAttributes>00000020</Z:Win32FileAttributes>
        </D:prop></D:set></D:propertyupdate>
        """;

    private const string LockBody = """
        <?xml version="1.0" encoding="utf-8" ?><D:lockinfo xmlns:D="DAV:"><D:lockscope><D:exclusive/></D:lockscope><D:locktype><D:write/></D:locktype><D:owner><D:href>WIN\user</D:href></D:owner></D:lockinfo>
        """;

    [Fact]
    public async Task Windows_redirector_save_sequence()
    {
        await using var f = await FrontEndFixture.StartAsync();
        using var c = f.Client();
        c.DefaultRequestHeaders.UserAgent.ParseAdd("Microsoft-WebDAV-MiniRedir/10.0.19045");
        using (var o = await c.SendAsync(Dav.Request("OPTIONS", "/")))
        {
            Assert.Contains("2", o.Headers.GetValues("DAV").Single());
        }

        await Dav.PropFindAsync(c, "/", "0");
        using (var missing = await c.SendAsync(Dav.Request("PROPFIND", "/Report.docx", null, ("Depth", "0"))))
        {
            Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        }

        Assert.Equal(HttpStatusCode.Created, (await c.PutAsync("/Report.docx", Dav.Bytes([]))).StatusCode);
        using var locked = await c.SendAsync(Dav.Request("LOCK", "/Report.docx", LockBody, ("Timeout", "Second-3600"), ("Depth", "0")));
        Assert.Equal(HttpStatusCode.OK, locked.StatusCode);
        var token = locked.Headers.GetValues("Lock-Token").Single();

        // another client (another Explorer window, another user of the mount) is held off
        using (var other = f.Client())
        {
            Assert.Equal(423, (int)(await other.PutAsync("/Report.docx", Dav.Bytes([1]))).StatusCode);
        }

        var content = Encoding.UTF8.GetBytes("the report");
        using (var put = Dav.Request("PUT", "/Report.docx", null, ("If", $"({token})")))
        {
            put.Content = Dav.Bytes(content);
            Assert.Equal(HttpStatusCode.NoContent, (await c.SendAsync(put)).StatusCode);
        }

        using (var patch = await c.SendAsync(Dav.Request("PROPPATCH", "/Report.docx", Win32Times, ("If", $"({token})"))))
        {
            Assert.Equal(207, (int)patch.StatusCode);
            Assert.DoesNotContain(" 403 ", await patch.Content.ReadAsStringAsync());
        }

        Assert.Equal(HttpStatusCode.NoContent, (await c.SendAsync(Dav.Request("UNLOCK", "/Report.docx", null, ("Lock-Token", token)))).StatusCode);
        Assert.Equal(0, f.Server.ActiveLocks);
        Assert.Equal(new DateTime(2026, 12, 1, 12, 0, 0, DateTimeKind.Utc), File.GetLastWriteTimeUtc(Path.Combine(f.Mirror, "Report.docx")));

        using var get = Dav.Request("GET", "/Report.docx", null, ("Translate", "f"));
        using var got = await c.SendAsync(get);
        Assert.Equal(content, await got.Content.ReadAsByteArrayAsync());
        var props = await Dav.PropFindAsync(c, "/Report.docx", "0");
        Assert.Equal("00000020", Dav.Prop(props, "/Report.docx", System.Xml.Linq.XName.Get("Win32FileAttributes", "urn:schemas-microsoft-com:")));
        Assert.Contains("changed Report.docx", f.Relay.Events);
    }

    [Fact]
    public async Task Finder_copy_sequence()
    {
        await using var f = await FrontEndFixture.StartAsync();
        using var c = f.Client();
        c.DefaultRequestHeaders.UserAgent.ParseAdd("WebDAVFS/3.0.0 (03008000) Darwin/22.1.0 (arm64)");
        Assert.Equal(HttpStatusCode.Created, (await c.SendAsync(Dav.Request("MKCOL", "/Photos"))).StatusCode);

        // Finder creates the file empty, locks it, writes it, then sets its own properties and drops ._ files
        Assert.Equal(HttpStatusCode.Created, (await c.PutAsync("/Photos/a.jpg", Dav.Bytes([]))).StatusCode);
        using var locked = await c.SendAsync(Dav.Request("LOCK", "/Photos/a.jpg", LockBody.Replace(@"WIN\user", "http://www.apple.com/webdav_fs/", StringComparison.Ordinal), ("Timeout", "Second-600"), ("Depth", "0")));
        var token = locked.Headers.GetValues("Lock-Token").Single();
        var data = new byte[3 * 1024 * 1024];
        Random.Shared.NextBytes(data);
        using (var put = Dav.Request("PUT", "/Photos/a.jpg", null, ("If", $"<{f.Url}Photos/a.jpg> ({token})")))
        {
            put.Content = Dav.Bytes(data);
            Assert.Equal(HttpStatusCode.NoContent, (await c.SendAsync(put)).StatusCode);
        }

        Assert.Equal(HttpStatusCode.Created, (await c.PutAsync("/Photos/._a.jpg", Dav.Bytes([0, 5, 22, 7]))).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await c.SendAsync(Dav.Request("UNLOCK", "/Photos/a.jpg", null, ("Lock-Token", token)))).StatusCode);
        var list = await Dav.PropFindAsync(c, "/Photos/", "1");
        Assert.Equal(data.Length.ToString(System.Globalization.CultureInfo.InvariantCulture), Dav.Prop(list, "/Photos/a.jpg", Dav.D + "getcontentlength"));
        Assert.Equal(data, File.ReadAllBytes(Path.Combine(f.Mirror, "Photos", "a.jpg")));
        Assert.DoesNotContain(f.Relay.Events, e => e.Contains("._a.jpg", StringComparison.Ordinal) && !e.StartsWith("changed", StringComparison.Ordinal));
    }

    [SkippableFact]
    public async Task Rclone_as_a_second_client_copies_both_ways()
    {
        Tools.Require("rclone", "scripts/setup/webdav.sh");
        await using var f = await FrontEndFixture.StartAsync();
        using var dir = new Escale.Testing.TempDir("rclone-client");
        var up = dir.Sub("up");
        Directory.CreateDirectory(Path.Combine(up, "sub"));
        File.WriteAllBytes(Path.Combine(up, "sub", "one.bin"), Enumerable.Range(0, 70_000).Select(i => (byte)i).ToArray());
        File.WriteAllText(Path.Combine(up, "two.txt"), "two");
        f.Relay.Offer("offered.txt", Encoding.UTF8.GetBytes("from the relay"));
        var obscured = Tools.Run("rclone", ["obscure", f.Server.Secret]).Output.Trim();
        var env = new Dictionary<string, string>
        {
            ["RCLONE_CONFIG"] = "/dev/null",
            ["RCLONE_CONFIG_FE_TYPE"] = "webdav",
            ["RCLONE_CONFIG_FE_URL"] = f.Url.ToString(),
            ["RCLONE_CONFIG_FE_VENDOR"] = "other",
            ["RCLONE_CONFIG_FE_USER"] = WebDavServerOptions.UserName,
            ["RCLONE_CONFIG_FE_PASS"] = obscured,
        };
        var copyUp = Tools.Run("rclone", ["copy", up, "fe:in"], env);
        output.WriteLine(copyUp.Output);
        Assert.Equal(0, copyUp.ExitCode);
        Assert.Equal(File.ReadAllBytes(Path.Combine(up, "sub", "one.bin")), File.ReadAllBytes(Path.Combine(f.Mirror, "in", "sub", "one.bin")));

        var down = Path.Combine(dir.Path, "down");
        var copyDown = Tools.Run("rclone", ["copy", "fe:", down], env);
        output.WriteLine(copyDown.Output);
        Assert.Equal(0, copyDown.ExitCode);
        Assert.Equal("from the relay", File.ReadAllText(Path.Combine(down, "offered.txt")));
        Assert.Equal("two", File.ReadAllText(Path.Combine(down, "in", "two.txt")));
        Assert.Equal(0, Tools.Run("rclone", ["check", up, "fe:in"], env).ExitCode);
    }
}
