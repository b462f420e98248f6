using Escale.Core.Config;
using Escale.Sync.Scanning;
using Escale.Sync.State;

namespace Escale.Sync.Tests;

public sealed class OptionsTests : IDisposable
{
    private readonly Network _net = new();

    public void Dispose() => _net.Dispose();

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public async Task Payload_leaves_exactly_after_the_last_expected_puller(int count)
    {
        var a = _net.Add("A", o => o with { PullerCount = count });
        var pullers = Enumerable.Range(1, 3).Select(i => _net.Add("P" + i, o => o with { PullerCount = count })).ToList();
        a.Write("f.txt", "data");
        await a.SyncAsync();
        for (var i = 0; i < pullers.Count; i++)
        {
            Assert.True(_net.RelayHas("f.txt"), $"payload gone before puller {i + 1} of {count}");
            var r = await pullers[i].SyncAsync();
            if (i < count)
            {
                Assert.Equal(1, r.Pulled);
                Assert.Equal("data", pullers[i].Read("f.txt"));
            }
            else
            {
                Assert.False(pullers[i].Has("f.txt")); // came too late: the payload was already delivered
            }

            if (i + 1 >= count)
            {
                Assert.False(_net.RelayHas("f.txt"), $"payload still there after {i + 1} pullers (count {count})");
                break;
            }
        }
    }

    [Fact]
    public async Task Upload_node_never_pulls_and_download_node_never_pushes()
    {
        var up = _net.Add("up", o => o with { Mode = SyncMode.Upload });
        var down = _net.Add("down", o => o with { Mode = SyncMode.Download });
        up.Write("from-up.txt", "u");
        down.Write("from-down.txt", "d");
        await up.SyncAsync();
        await down.SyncAsync();
        await up.SyncAsync();
        Assert.Equal("u", down.Read("from-up.txt"));
        Assert.False(up.Has("from-down.txt"));
        Assert.False(_net.RelayHas(".from-down.txt.placeholder"));
    }

    [Fact]
    public async Task Conservative_node_does_not_overwrite_its_own_files_but_updates_pulled_ones()
    {
        var a = _net.Add("A");
        var c = _net.Add("C", o => o with { Mode = SyncMode.Conservative });
        a.Write("pulled.txt", "v1");
        c.Write("mine.txt", "c's own");
        await a.SyncAsync();
        await c.SyncAsync(); // pulls pulled.txt, pushes mine.txt
        await a.SyncAsync(); // gets mine.txt
        Assert.Equal("v1", c.Read("pulled.txt"));
        Assert.Equal("c's own", a.Read("mine.txt"));

        a.Write("pulled.txt", "v2", DateTime.UtcNow.AddSeconds(-20));
        a.Write("mine.txt", "a's edit", DateTime.UtcNow.AddSeconds(-20));
        await a.SyncAsync();
        await c.SyncAsync();
        Assert.Equal("v2", c.Read("pulled.txt"));       // it got this file by a pull: may update
        Assert.Equal("c's own", c.Read("mine.txt"));    // it pushed this one: never overwritten
    }

    [Fact]
    public async Task Access_modifiers_block_push_and_pull_per_file()
    {
        var a = _net.Add("A");
        var b = _net.Add("B");
        a.Write("private.txt", "not for the relay");
        a.Write("shared.txt", "v1");
        _ = a.Engine;
        a.State.SetAccess("private.txt", new AccessFlags(Read: false, Write: null));
        await a.SyncAsync();
        Assert.False(_net.RelayHas("private.txt"));
        Assert.False(_net.RelayHas(".private.txt.placeholder"));

        await b.SyncAsync();
        b.State.SetAccess("shared.txt", new AccessFlags(Read: null, Write: false));
        a.Write("shared.txt", "v2", DateTime.UtcNow.AddSeconds(-10));
        await a.SyncAsync();
        await b.SyncAsync();
        Assert.Equal("v1", b.Read("shared.txt")); // w-: not overwritten by a pull
        b.State.SetAccess("shared.txt", new AccessFlags(null, null));
        await b.SyncAsync();
        Assert.Equal("v2", b.Read("shared.txt"));
    }

    [Fact]
    public async Task Filters_decide_on_the_basename()
    {
        var filter = new FileFilter(["txt", "md"], [NamePattern.Parse("report*"), NamePattern.Parse("/^notes-\\d+/")], [NamePattern.Parse("*draft*")]);
        var a = _net.Add("A", o => o with { Filter = filter });
        a.Write("report-2026.txt", "yes");
        a.Write("notes-12.md", "yes");
        a.Write("report-draft.txt", "excluded");
        a.Write("report.pdf", "wrong extension");
        a.Write("other.txt", "not included");
        a.Write("dir/report-x.md", "yes, in a folder");
        await a.SyncAsync();
        var payloads = _net.RelayFiles().Where(f => !Path.GetFileName(f).StartsWith('.')).ToList();
        Assert.Equal(["dir/report-x.md", "notes-12.md", "report-2026.txt"], payloads);
    }

    [Fact]
    public async Task Quota_postpones_a_push_until_pullers_free_space()
    {
        var a = _net.Add("A", o => o with { DiskQuota = 1500, PullerCount = 1 });
        var b = _net.Add("B", o => o with { DiskQuota = 1500, PullerCount = 1 });
        a.Write("one.bin", new string('1', 1000));
        a.Write("two.bin", new string('2', 1000));
        var first = await a.SyncAsync();
        Assert.Equal(1, first.Pushed);
        Assert.Equal(1, first.OverQuota);
        Assert.False(first.IsComplete);
        Assert.Single(_net.RelayFiles(), f => f.EndsWith(".bin", StringComparison.Ordinal));

        await b.SyncAsync(); // pulls the first, freeing its space
        var second = await a.SyncAsync();
        Assert.Equal(1, second.Pushed);
        Assert.True(second.IsComplete);
        await b.SyncAsync();
        Assert.Equal(new string('1', 1000), b.Read("one.bin"));
        Assert.Equal(new string('2', 1000), b.Read("two.bin"));
    }

    [Fact]
    public async Task Concurrent_edits_keep_both_versions()
    {
        var a = _net.Add("A");
        var b = _net.Add("B");
        a.Write("shared.txt", "base");
        await a.SyncAsync();
        await b.SyncAsync();

        a.Write("shared.txt", "A's edit", DateTime.UtcNow.AddSeconds(-40));
        b.Write("shared.txt", "B's edit", DateTime.UtcNow.AddSeconds(-20)); // newer
        await a.SyncAsync();
        var rb = await b.SyncAsync();
        Assert.Equal(1, rb.Conflicts);
        Assert.Equal("B's edit", b.Read("shared.txt"));
        var copy = Directory.GetFiles(b.Root, "shared.escale-conflict-*-A.txt").Single();
        Assert.Equal("A's edit", File.ReadAllText(copy));

        await a.SyncAsync();
        await b.SyncAsync();
        await a.SyncAsync();
        Assert.Equal("B's edit", a.Read("shared.txt"));
        Assert.Equal("A's edit", File.ReadAllText(Directory.GetFiles(a.Root, "shared.escale-conflict-*-A.txt").Single()));
    }

    [Fact]
    public async Task Concurrent_edits_where_the_relay_is_newer_keep_the_local_version_as_a_copy()
    {
        var a = _net.Add("A");
        var b = _net.Add("B");
        a.Write("n.txt", "base");
        await a.SyncAsync();
        await b.SyncAsync();
        b.Write("n.txt", "B older edit", DateTime.UtcNow.AddSeconds(-40));
        a.Write("n.txt", "A newer edit", DateTime.UtcNow.AddSeconds(-20));
        await a.SyncAsync();
        var rb = await b.SyncAsync();
        Assert.Equal(1, rb.Conflicts);
        Assert.Equal("A newer edit", b.Read("n.txt"));
        Assert.Equal("B older edit", File.ReadAllText(Directory.GetFiles(b.Root, "n.escale-conflict-*-B.txt").Single()));
        await a.SyncAsync();
        Assert.Equal("B older edit", File.ReadAllText(Directory.GetFiles(a.Root, "n.escale-conflict-*-B.txt").Single()));
    }

    [Fact]
    public async Task Stale_lock_of_a_vanished_node_is_cleared_after_the_lock_timeout()
    {
        var a = _net.Add("A");
        var b = _net.Add("B");
        a.Write("x.txt", "payload");
        await a.SyncAsync();
        File.WriteAllText(_net.RelayPath(".x.txt.lock"), "lock%1.0\nowner: ghost\nmode: r");

        var blocked = await b.SyncAsync();
        Assert.False(b.Has("x.txt"));
        Assert.True(blocked.Busy > 0);
        Assert.True(_net.RelayHas(".x.txt.lock"));

        _net.Clock.Advance(TimeSpan.FromMinutes(59));
        await b.SyncAsync();
        Assert.True(_net.RelayHas(".x.txt.lock"), "cleared before the timeout");

        _net.Clock.Advance(TimeSpan.FromMinutes(2));
        var cleared = await b.SyncAsync();
        Assert.True(cleared.Repaired >= 1);
        Assert.Equal("payload", b.Read("x.txt"));
        Assert.False(_net.RelayHas(".x.txt.lock"));
        Assert.Equal(1, b.Log.Count("older than the lock timeout"));
    }

    [Fact]
    public async Task Live_foreign_lock_is_respected()
    {
        var a = _net.Add("A");
        a.Write("y.txt", "new");
        File.WriteAllText(_net.RelayPath(".y.txt.lock"), "lock%1.0\nowner: other\nmode: w");
        var r = await a.SyncAsync();
        Assert.Equal(0, r.Pushed);
        Assert.True(r.Busy > 0);
        Assert.False(r.IsComplete);
        Assert.Equal("lock%1.0\nowner: other\nmode: w", _net.RelayText(".y.txt.lock"));
    }
}
