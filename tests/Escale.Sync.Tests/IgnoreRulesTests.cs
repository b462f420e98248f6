using Escale.Sync.Scanning;

namespace Escale.Sync.Tests;

/// <summary>The gitignore syntax of <c>.escaleignore</c>, as a table, and the rules at work in a real pass.</summary>
public sealed class IgnoreRulesTests : IDisposable
{
    private readonly Network _net = new();

    public void Dispose() => _net.Dispose();

    [Theory]
    // pattern(s) separated by '|', folder of the ignore file, path, is a folder, expected
    [InlineData("*.log", "", "a.log", false, true)]
    [InlineData("*.log", "", "deep/er/a.log", false, true)]
    [InlineData("*.log", "", "a.log.txt", false, false)]
    [InlineData("build/", "", "build", true, true)]
    [InlineData("build/", "", "build", false, false)]
    [InlineData("build/", "", "src/build", true, true)]
    [InlineData("/build", "", "src/build", true, false)]
    [InlineData("/build", "", "build", false, true)]
    [InlineData("doc/*.pdf", "", "doc/a.pdf", false, true)]
    [InlineData("doc/*.pdf", "", "doc/x/a.pdf", false, false)]
    [InlineData("doc/*.pdf", "", "x/doc/a.pdf", false, false)]
    [InlineData("doc/**/*.pdf", "", "doc/x/y/a.pdf", false, true)]
    [InlineData("doc/**/*.pdf", "", "doc/a.pdf", false, true)]
    [InlineData("**/cache", "", "a/b/cache", true, true)]
    [InlineData("**/cache", "", "cache", true, true)]
    [InlineData("out/**", "", "out/a/b.txt", false, true)]
    [InlineData("out/**", "", "outer/b.txt", false, false)]
    [InlineData("a?c.txt", "", "abc.txt", false, true)]
    [InlineData("a?c.txt", "", "a/c.txt", false, false)]
    [InlineData("[ab]*.txt", "", "b1.txt", false, true)]
    [InlineData("[!ab]*.txt", "", "b1.txt", false, false)]
    [InlineData("[!ab]*.txt", "", "c1.txt", false, true)]
    [InlineData("*.txt|!keep.txt", "", "keep.txt", false, false)]
    [InlineData("*.txt|!keep.txt", "", "other.txt", false, true)]
    [InlineData("!keep.txt|*.txt", "", "keep.txt", false, true)]
    [InlineData("# comment|  |*.tmp", "", "x.tmp", false, true)]
    [InlineData("\\#hash", "", "#hash", false, true)]
    [InlineData("\\!bang", "", "!bang", false, true)]
    [InlineData("trailing.txt   ", "", "trailing.txt", false, true)]
    [InlineData("*.bin", "sub", "sub/x.bin", false, true)]
    [InlineData("*.bin", "sub", "x.bin", false, false)]
    [InlineData("/top.bin", "sub", "sub/top.bin", false, true)]
    [InlineData("/top.bin", "sub", "sub/deeper/top.bin", false, false)]
    [InlineData("*.bin", "sub", "subway/x.bin", false, false)]
    public void Patterns_follow_gitignore(string patterns, string folder, string path, bool isDirectory, bool ignored)
    {
        var rules = IgnoreRules.Parse(folder, patterns.Split('|'), "test");
        Assert.Equal(ignored, rules.IsIgnored(path, isDirectory));
    }

    [Theory]
    [InlineData("notes.txt.swp", true)]
    [InlineData("notes.txt~", true)]
    [InlineData("~$report.docx", true)]
    [InlineData(".~lock.report.odt#", true)]
    [InlineData("Thumbs.db", true)]
    [InlineData("sub/.DS_Store", true)]
    [InlineData("report.docx", false)]
    [InlineData("tilde~in~name.txt", false)]
    public void Defaults_skip_editor_and_office_temporaries(string path, bool ignored) =>
        Assert.Equal(ignored, IgnoreRules.Defaults.IsIgnoredWithParents(path));

    [Fact]
    public void A_deeper_file_wins_and_nothing_below_an_ignored_folder_comes_back()
    {
        var root = IgnoreRules.Parse("", ["*.dat", "private/"], "root");
        var sub = IgnoreRules.Parse("keep", ["!*.dat"], "keep/.escaleignore");
        var rules = root.Then(sub);
        Assert.False(rules.IsIgnoredWithParents("keep/a.dat"));
        Assert.True(rules.IsIgnoredWithParents("other/a.dat"));
        Assert.True(rules.Then(IgnoreRules.Parse("", ["!private/x.txt"], "late")).IsIgnoredWithParents("private/x.txt"));
        Assert.Equal("root:1 (*.dat)", rules.Reason("other/a.dat", false));
    }

    [Fact]
    public async Task A_pass_skips_ignored_files_counts_them_and_follows_edits_of_the_ignore_file()
    {
        var a = _net.Add("A");
        a.Write(".escaleignore", "*.log\nbuild/\n");
        a.Write("keep.txt", "kept");
        a.Write("debug.log", "ignored");
        a.Write("build/out.bin", "ignored folder");
        a.Write("doc/.escaleignore", "!*.log\n");
        a.Write("doc/readme.log", "re-included below doc/");
        a.Write("draft.txt.swp", "editor swap file");
        await a.SyncAsync();
        var payloads = _net.RelayFiles().Where(f => !Path.GetFileName(f).StartsWith('.')).ToList();
        Assert.Equal(["doc/readme.log", "keep.txt"], payloads);
        var status = a.Engine.GetStatus();
        Assert.Equal(3, status.Ignored);
        Assert.Equal(Status.FileState.Ignored, a.Engine.Reconciler.Describe("build/out.bin").State);
        Assert.Contains(a.Log.Lines, l => l.Message.Contains("debug.log", StringComparison.Ordinal) && l.Message.Contains("ignored:", StringComparison.Ordinal));

        a.Write(".escaleignore", "build/\n");
        File.SetLastWriteTimeUtc(a.PathOf(".escaleignore"), DateTime.UtcNow.AddSeconds(5));
        await a.SyncAsync();
        Assert.Contains("debug.log", _net.RelayFiles());
    }
}
