using System.Text;

namespace Escale.Sync.Tests;

/// <summary>A relay (or whoever controls it) that lists hostile names and corrupt payloads.</summary>
public sealed class HostileRelayTests : IDisposable
{
    private readonly Network _net = new();

    public void Dispose() => _net.Dispose();

    private void Plant(string relativeDir, string name, string content)
    {
        var dir = Path.Combine(_net.RelayDir, relativeDir);
        Directory.CreateDirectory(dir);
        File.WriteAllBytes(Path.Combine(dir, name), Encoding.UTF8.GetBytes(content));
        var sum = Convert.ToHexStringLower(System.Security.Cryptography.SHA512.HashData(Encoding.UTF8.GetBytes(content)));
        File.WriteAllText(Path.Combine(dir, "." + name + ".placeholder"), $"placeholder%1.0\npusher: evil\ntimestamp: 1700000000\nchecksum: {sum}\n---pullers---");
    }

    [Fact]
    public async Task Hostile_names_never_reach_outside_the_local_folder_and_are_logged_once()
    {
        var outside = Path.Combine(Path.GetDirectoryName(_net.RelayDir)!, "outside");
        Directory.CreateDirectory(outside);
        var hostile = new[]
        {
            "..", "...", "a\\..\\..\\b", "tab\there", "new\nline", "nul\0byte", "bell\u0007", "c1\u0085ctl", "del\u007f",
            "trailing\u200bzero-width-ok?", "bad\uFFFDutf8",
            "NFD-e\u0301.txt", "Case.txt", "case.txt", "CASE.TXT", "\u212Bngstrom.txt", "\u00C5ngstrom.txt",
            "back\\slash", "esc\u001b[31mred",
        };
        foreach (var name in hostile)
        {
            try
            {
                Plant("", name, "hostile " + name.Length);
            }
            catch (Exception e) when (e is IOException or ArgumentException or UnauthorizedAccessException)
            {
                // the file system refuses some names itself (NUL, "..")
            }
        }

        Plant("sub", "fine.txt", "fine");
        // ".." inside a relay listing cannot be created on a real file system; a symlinked folder can:
        Directory.CreateSymbolicLink(Path.Combine(_net.RelayDir, "escape"), outside);
        var b = _net.Add("B");
        // A local symlink planted where a pulled folder goes must not be followed either.
        Directory.CreateSymbolicLink(Path.Combine(b.Root, "sub2"), outside);
        Plant("sub2", "via-link.txt", "should not pass through a local link");

        var r1 = await b.SyncAsync();
        var r2 = await b.SyncAsync();

        Assert.Empty(Directory.EnumerateFileSystemEntries(outside));
        Assert.Equal("fine", b.Read("sub/fine.txt"));
        Assert.Equal("hostile 8", b.Read("CASE.TXT"));      // first of the case twins (ordinal) is kept
        Assert.False(b.Has("case.txt"));
        Assert.False(b.Has("Case.txt"));
        Assert.False(b.Has("NFD-e\u0301.txt"));
        Assert.False(File.Exists(Path.Combine(b.Root, "tab\there")));
        Assert.True(r1.Failed >= 1, "the pull through the local link must fail");
        // every refusal logged once, not once per pass
        var refusals = b.Log.Lines.Where(l => l.Message.Contains("refused", StringComparison.Ordinal)).Select(l => l.Message).ToList();
        Assert.True(refusals.Count >= 12, $"only {refusals.Count} refusals logged");
        Assert.Equal(refusals.Count, refusals.Distinct().Count());
        Assert.True(refusals.Any(m => m.Contains("collides", StringComparison.Ordinal)), string.Join("\n", refusals));
        Assert.True(refusals.Any(m => m.Contains("control character", StringComparison.Ordinal)), string.Join("\n", refusals));
        Assert.DoesNotContain(refusals, m => m.Contains('\n') || m.Contains('\u001b'));
    }

    [Fact]
    public async Task Names_a_file_system_cannot_hold_are_refused_from_the_listing()
    {
        // ext4 refuses these itself, so a decorator injects them into the listing (a server could send them).
        var injected = new[]
        {
            new string('x', 256), new string('é', 130), "..", ".", "a/b", "/etc/passwd", "", "nul\0byte",
            "../escape", "dir/../../x",
        };
        var b = _net.Add("B");
        b.InjectListing = injected;
        var r = await b.SyncAsync();
        Assert.Equal(0, r.Pulled);
        var refusals = b.Log.Lines.Select(l => l.Message).Where(m => m.Contains("refused", StringComparison.Ordinal)).ToList();
        Assert.True(refusals.Count(m => m.Contains("longer than 255 bytes", StringComparison.Ordinal)) == 2, string.Join("\n", refusals));
        Assert.True(refusals.Count >= 8, string.Join("\n", refusals));
        foreach (var name in new[] { "'a/b'", "'/etc/passwd'", "'../escape'", "'dir/../../x'", "'nul\\x00byte'" })
        {
            Assert.True(refusals.Any(m => m.Contains(name, StringComparison.Ordinal)), $"{name} not refused:\n" + string.Join("\n", refusals));
        }
        Assert.Empty(Directory.EnumerateFileSystemEntries(b.Root));
    }

    [Fact]
    public async Task Corrupt_payload_is_refused_and_kept_on_the_relay()
    {
        var a = _net.Add("A");
        var b = _net.Add("B");
        a.Write("doc.txt", "the real content");
        await a.SyncAsync();
        File.WriteAllText(_net.RelayPath("doc.txt"), "the real cOntent"); // one byte flipped by the relay

        var r = await b.SyncAsync();
        Assert.Equal(1, r.Failed);
        Assert.Contains(r.Failures, f => f.Contains("does not match its placeholder", StringComparison.Ordinal));
        Assert.False(b.Has("doc.txt"));
        Assert.Empty(Directory.GetFiles(b.Root, ".escale-tmp-*", SearchOption.AllDirectories));
        Assert.True(_net.RelayHas("doc.txt"), "relay copy must be kept");
        Assert.DoesNotContain("B", _net.RelayText(".doc.txt.placeholder")!.Split('\n').Skip(5));
        Assert.False(_net.RelayHas(".doc.txt.lock"));
    }

    [Fact]
    public async Task Corrupt_payload_never_replaces_an_existing_local_version()
    {
        var a = _net.Add("A");
        var b = _net.Add("B");
        a.Write("doc.txt", "v1");
        await a.SyncAsync();
        await b.SyncAsync();
        a.Write("doc.txt", "v2", DateTime.UtcNow.AddSeconds(-5));
        await a.SyncAsync();
        File.WriteAllText(_net.RelayPath("doc.txt"), "v3");
        var r = await b.SyncAsync();
        Assert.Equal(1, r.Failed);
        Assert.Equal("v1", b.Read("doc.txt"));
        Assert.Equal("v3", _net.RelayText("doc.txt"));
    }

    [Fact]
    public async Task Garbage_placeholder_fails_that_file_only()
    {
        var a = _net.Add("A");
        var b = _net.Add("B");
        a.Write("good.txt", "good");
        a.Write("bad.txt", "bad");
        await a.SyncAsync();
        File.WriteAllText(_net.RelayPath(".bad.txt.placeholder"), "\u0000\u0001garbage");
        var r = await b.SyncAsync();
        Assert.Equal("good", b.Read("good.txt"));
        Assert.False(b.Has("bad.txt"));
        Assert.Equal(1, r.Failed);
        Assert.Contains(r.Failures, f => f.Contains("unreadable placeholder", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Missing_payload_is_never_a_local_deletion_and_the_pusher_uploads_it_again()
    {
        var a = _net.Add("A", o => o with { PullerCount = 1 });
        var b = _net.Add("B", o => o with { PullerCount = 1 });
        a.Write("keep.txt", "keep me");
        await a.SyncAsync();
        File.Delete(_net.RelayPath("keep.txt")); // the relay lost it before anyone pulled
        await b.SyncAsync();
        Assert.False(b.Has("keep.txt"));
        Assert.Equal("keep me", a.Read("keep.txt"));
        await a.SyncAsync();
        Assert.Equal("keep me", _net.RelayText("keep.txt"));
        await b.SyncAsync();
        Assert.Equal("keep me", b.Read("keep.txt"));
    }
}
