using Escale.Agent.Operations;
using Escale.Testing;

namespace Escale.Ops.Tests;

/// <summary>resolve's file moves on a plain folder: nothing unlinked, the dropped version in the trash.</summary>
public sealed class ConflictResolveTests : IDisposable
{
    private const string CopyName = "docs/a.escale-conflict-20261207-095900-bob.txt";
    private static readonly TimeProvider Time = TimeProvider.System;
    private readonly TempDir _dir = new("resolve");

    public ConflictResolveTests()
    {
        Write("docs/a.txt", "mine");
        Write(CopyName, "theirs");
    }

    public void Dispose() => _dir.Dispose();

    private string Full(string relative) => Path.Combine(_dir.Path, relative);

    private void Write(string relative, string content)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Full(relative))!);
        File.WriteAllText(Full(relative), content);
    }

    private ConflictResolve.Outcome Resolve(string path, ConflictResolve.Keep keep)
    {
        var (file, copies) = ConflictResolve.Find(_dir.Path, path);
        return ConflictResolve.Apply(_dir.Path, file, copies, keep, Time);
    }

    [Fact]
    public void Mine_keeps_the_file_and_moves_the_copy_to_the_trash()
    {
        var outcome = Resolve("docs/a.txt", ConflictResolve.Keep.Mine);
        Assert.Equal("mine", File.ReadAllText(Full("docs/a.txt")));
        Assert.False(File.Exists(Full(CopyName)));
        var trashed = Assert.Single(outcome.Trashed);
        Assert.StartsWith(".escale-trash/", trashed, StringComparison.Ordinal);
        Assert.Equal("theirs", File.ReadAllText(Full(trashed)));
    }

    [Fact]
    public void Theirs_gives_the_file_the_copys_content_and_trashes_the_old_one()
    {
        var outcome = Resolve("docs/a.txt", ConflictResolve.Keep.Theirs);
        Assert.Equal("theirs", File.ReadAllText(Full("docs/a.txt")));
        Assert.False(File.Exists(Full(CopyName)));
        Assert.Equal("mine", File.ReadAllText(Full(Assert.Single(outcome.Trashed))));
    }

    [Fact]
    public void Both_renames_the_copy_to_a_plain_name_that_is_no_conflict_copy()
    {
        var outcome = Resolve(CopyName, ConflictResolve.Keep.Both); // naming the copy works as well as naming the file
        Assert.Equal("docs/a (bob 2026-12-07 095900).txt", outcome.KeptCopyAs);
        Assert.Equal("theirs", File.ReadAllText(Full(outcome.KeptCopyAs!)));
        Assert.Equal("mine", File.ReadAllText(Full("docs/a.txt")));
        Assert.Empty(ConflictReport.FindCopies(_dir.Path));
        Assert.Empty(outcome.Trashed);
    }

    [Fact]
    public void Several_copies_mine_trashes_all_theirs_asks_which()
    {
        Write("docs/a.escale-conflict-20261207-100000-carol.txt", "carol's");
        var e = Assert.Throws<OperationException>(() => Resolve("docs/a.txt", ConflictResolve.Keep.Theirs));
        Assert.Contains("2 conflict copies", e.Message, StringComparison.Ordinal);
        Assert.Equal(2, Resolve("docs/a.txt", ConflictResolve.Keep.Mine).Trashed.Count);
        Assert.Empty(ConflictReport.FindCopies(_dir.Path));
    }

    [Theory]
    [InlineData("docs/b.txt", "no conflict copy beside it")]
    [InlineData("docs/b.escale-conflict-20261207-095900-bob.txt", "no such conflict copy")]
    public void A_file_without_a_copy_is_one_clear_line(string path, string expected)
    {
        var e = Assert.Throws<OperationException>(() => ConflictResolve.Find(_dir.Path, path));
        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
    }
}
