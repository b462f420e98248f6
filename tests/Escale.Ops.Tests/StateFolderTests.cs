using Escale.Agent;
using Escale.Core.Config;
using Escale.Sync.State;
using Escale.Testing;
using Microsoft.Extensions.Logging.Abstractions;

namespace Escale.Ops.Tests;

/// <summary>Issue 10, scenario 2 and its follow-ups: old-style state is migrated, a move or rename is explained, adopt carries state.</summary>
public sealed class StateFolderTests : IDisposable
{
    private readonly TempDir _dir = new("state-folders");

    public void Dispose() => _dir.Dispose();

    private RepositoryConfig Repo(string section, string local)
    {
        var file = Path.Combine(_dir.Path, section + "-" + Path.GetFileName(local) + ".conf");
        File.WriteAllText(file, $"[{section}]\nlocal path = {local}\nrelay dir = {_dir.Path}/relay\ncache dir = {_dir.Path}/cache\n");
        return EscaleConfig.Load(file).Repositories[0];
    }

    private static void Record(string stateDir, string path)
    {
        using var state = StateStore.Open(stateDir);
        state.Put(path, new FileRecord("00", 1, 1, 1, FileOrigin.Pushed));
    }

    [Fact]
    public void An_old_style_folder_that_fits_is_moved_in_and_one_that_does_not_is_left()
    {
        var a = _dir.Sub("a");
        File.WriteAllText(Path.Combine(a, "kept.txt"), "x");
        var repo = Repo("share", a);
        Record(repo.LegacyStateDir, "kept.txt");
        Assert.Equal(repo.StateDir, StateFolders.Prepare(repo, NullLogger.Instance));
        Assert.False(Directory.Exists(repo.LegacyStateDir));
        using (var state = StateStore.Open(repo.StateDir))
        {
            Assert.NotNull(state.Get("kept.txt"));
        }

        // Another configuration's old folder (none of its files here) is not taken.
        var b = _dir.Sub("b");
        var other = Repo("docs", b);
        Record(other.LegacyStateDir, "elsewhere.txt");
        StateFolders.Prepare(other, NullLogger.Instance);
        Assert.True(Directory.Exists(other.LegacyStateDir));
        using var fresh = StateStore.Open(other.StateDir);
        Assert.Null(fresh.Get("elsewhere.txt"));
    }

    [Fact]
    public void A_moved_folder_is_refused_with_one_line_until_adopted()
    {
        var old = _dir.Sub("old-place");
        var before = Repo("share", old);
        StateFolders.Prepare(before, NullLogger.Instance);
        Record(before.StateDir, "a.txt");
        Directory.Move(old, Path.Combine(_dir.Path, "new-place"));
        var after = Repo("share", Path.Combine(_dir.Path, "new-place"));

        var e = Assert.Throws<ConfigException>(() => StateFolders.Prepare(after, NullLogger.Instance));
        Assert.Contains("no longer exists", e.Message, StringComparison.Ordinal);
        Assert.Contains("escalectl -c", e.Message, StringComparison.Ordinal);
        Assert.Contains("adopt -r share", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', e.Message);
        Assert.False(Directory.Exists(after.StateDir));

        StateFolders.Adopt(after, StateFolders.FindMoved(after)!.Value.Dir);
        Assert.Equal(after.StateDir, StateFolders.Prepare(after, NullLogger.Instance));
        using var state = StateStore.Open(after.StateDir);
        Assert.NotNull(state.Get("a.txt"));
    }

    [Fact]
    public void A_renamed_section_is_explained_and_another_node_on_the_same_relay_is_not_a_move()
    {
        var a = _dir.Sub("a");
        StateFolders.Prepare(Repo("share", a), NullLogger.Instance);
        var e = Assert.Throws<ConfigException>(() => StateFolders.Prepare(Repo("renamed", a), NullLogger.Instance));
        Assert.Contains("as section [share]", e.Message, StringComparison.Ordinal);

        // A second existing folder synced with the same relay: a second node, with its own state.
        var b = _dir.Sub("b");
        var second = Repo("share", b);
        Assert.Equal(second.StateDir, StateFolders.Prepare(second, NullLogger.Instance));
    }
}
