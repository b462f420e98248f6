using System.Text;

namespace Escale.Fuse.Tests;

/// <summary>
/// What applications expect of a local disk. The same checks run on the mount and on a plain
/// temp folder (the control), so a difference between the two is a failure on one side only.
/// </summary>
public abstract class PosixBehaviour
{
    /// <summary>Where the checks run; null when the mount is not possible here (outside CI).</summary>
    protected abstract string Root { get; }

    protected string NewDir()
    {
        var d = Path.Combine(Root!, "t-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(d);
        return d;
    }

    protected static int Errno(Action a)
    {
        try
        {
            a();
            return 0;
        }
        catch (IOException e)
        {
            return e.HResult;
        }
        catch (UnauthorizedAccessException)
        {
            return 13;
        }
    }

    [SkippableFact]
    public void Create_write_read_and_overwrite()
    {
        var p = Path.Combine(NewDir(), "a.txt");
        File.WriteAllText(p, "first version, longer");
        Assert.Equal("first version, longer", File.ReadAllText(p));
        File.WriteAllText(p, "second");
        Assert.Equal("second", File.ReadAllText(p));
        Assert.Equal(6, new FileInfo(p).Length);
    }

    [SkippableFact]
    public void Truncate_and_ftruncate()
    {
        var p = Path.Combine(NewDir(), "t.bin");
        File.WriteAllBytes(p, Enumerable.Range(0, 1000).Select(i => (byte)i).ToArray());
        using (var fs = new FileStream(p, FileMode.Open, FileAccess.ReadWrite))
        {
            fs.SetLength(100); // ftruncate
            Assert.Equal(100, fs.Length);
        }

        Assert.Equal(0, Tools.Run("truncate", "-s", "10", p).ExitCode); // truncate by name
        Assert.Equal(Enumerable.Range(0, 10).Select(i => (byte)i), File.ReadAllBytes(p));
        Assert.Equal(0, Tools.Run("truncate", "-s", "20", p).ExitCode);
        Assert.Equal(new byte[10], File.ReadAllBytes(p)[10..]);
    }

    [SkippableFact]
    public void Append_adds_at_the_end()
    {
        var p = Path.Combine(NewDir(), "log.txt");
        File.AppendAllText(p, "one\n");
        File.AppendAllText(p, "two\n");
        Assert.Equal(0, Tools.Run("sh", "-c", $"echo three >> '{p}'").ExitCode);
        Assert.Equal("one\ntwo\nthree\n", File.ReadAllText(p));
    }

    [SkippableFact]
    public void Sparse_writes_read_back_as_zeros()
    {
        var p = Path.Combine(NewDir(), "sparse.bin");
        using (var fs = new FileStream(p, FileMode.CreateNew, FileAccess.ReadWrite))
        {
            fs.Position = 5 * 1024 * 1024;
            fs.WriteByte(42);
            fs.Position = 10;
            fs.WriteByte(7);
        }

        var bytes = File.ReadAllBytes(p);
        Assert.Equal((5 * 1024 * 1024) + 1, bytes.Length);
        Assert.Equal(7, bytes[10]);
        Assert.Equal(42, bytes[^1]);
        Assert.True(bytes.AsSpan(11, bytes.Length - 12).IndexOfAnyExcept((byte)0) < 0);
    }

    [SkippableFact]
    public void Exclusive_create_fails_on_an_existing_name()
    {
        var p = Path.Combine(NewDir(), "x");
        using (new FileStream(p, FileMode.CreateNew))
        {
        }

        Assert.Equal(17, Errno(() => new FileStream(p, FileMode.CreateNew).Dispose())); // EEXIST
    }

    [SkippableFact]
    public void Rename_within_and_across_directories()
    {
        var d = NewDir();
        Directory.CreateDirectory(Path.Combine(d, "sub"));
        File.WriteAllText(Path.Combine(d, "a"), "A");
        File.Move(Path.Combine(d, "a"), Path.Combine(d, "b"));
        File.Move(Path.Combine(d, "b"), Path.Combine(d, "sub", "c"));
        Assert.False(File.Exists(Path.Combine(d, "a")));
        Assert.False(File.Exists(Path.Combine(d, "b")));
        Assert.Equal("A", File.ReadAllText(Path.Combine(d, "sub", "c")));
        Directory.Move(Path.Combine(d, "sub"), Path.Combine(d, "moved"));
        Assert.Equal("A", File.ReadAllText(Path.Combine(d, "moved", "c")));
    }

    [SkippableFact]
    public void Rename_over_an_open_file_keeps_the_old_content_for_its_reader()
    {
        var d = NewDir();
        var target = Path.Combine(d, "target");
        File.WriteAllText(target, "old content");
        File.WriteAllText(Path.Combine(d, "new"), "new content");
        using var reader = new FileStream(target, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        File.Move(Path.Combine(d, "new"), target, overwrite: true);
        Assert.Equal("new content", File.ReadAllText(target));
        var buffer = new byte[100];
        var n = reader.Read(buffer);
        Assert.Equal("old content", Encoding.UTF8.GetString(buffer, 0, n));
    }

    [SkippableFact]
    public void Mv_no_clobber_leaves_both_files()
    {
        var d = NewDir();
        File.WriteAllText(Path.Combine(d, "a"), "A");
        File.WriteAllText(Path.Combine(d, "b"), "B");
        Tools.Run("mv", "-n", Path.Combine(d, "a"), Path.Combine(d, "b"));
        Assert.Equal("A", File.ReadAllText(Path.Combine(d, "a")));
        Assert.Equal("B", File.ReadAllText(Path.Combine(d, "b")));
        Assert.Equal(0, Tools.Run("mv", "-n", Path.Combine(d, "a"), Path.Combine(d, "c")).ExitCode);
        Assert.Equal("A", File.ReadAllText(Path.Combine(d, "c")));
    }

    [SkippableFact]
    public void Unlink_mkdir_rmdir()
    {
        var d = NewDir();
        var sub = Path.Combine(d, "sub");
        Directory.CreateDirectory(sub);
        File.WriteAllText(Path.Combine(sub, "f"), "x");
        Assert.Equal(39, Errno(() => Directory.Delete(sub))); // ENOTEMPTY
        var rmdir = Tools.Run("rmdir", sub);
        Assert.Contains("Directory not empty", rmdir.Stderr);
        File.Delete(Path.Combine(sub, "f"));
        Assert.False(File.Exists(Path.Combine(sub, "f")));
        Directory.Delete(sub);
        Assert.False(Directory.Exists(sub));
        Assert.Contains("No such file", Tools.Run("rm", Path.Combine(d, "nothing")).Stderr);
        Assert.Contains("File exists", Tools.Run("mkdir", d).Stderr);
    }

    [SkippableFact]
    public void Chmod_and_utimens()
    {
        var p = Path.Combine(NewDir(), "m");
        File.WriteAllText(p, "x");
        var mode = UnixFileMode.UserRead | UnixFileMode.UserExecute | UnixFileMode.GroupRead;
        File.SetUnixFileMode(p, mode);
        Assert.Equal(mode, File.GetUnixFileMode(p));
        Assert.Equal(0, Tools.Run("touch", "-d", "@1600000000", p).ExitCode);
        Assert.Equal("1600000000", Tools.Run("stat", "-c", "%Y", p).Stdout.Trim());
        var when = new DateTime(2021, 3, 4, 5, 6, 7, DateTimeKind.Utc);
        File.SetLastWriteTimeUtc(p, when);
        Assert.Equal(when, File.GetLastWriteTimeUtc(p));
    }

    [SkippableFact]
    public void Statfs_and_fsync()
    {
        var df = Tools.Run("stat", "-f", "-c", "%b %a %S", Root!);
        Assert.Equal(0, df.ExitCode);
        Assert.All(df.Stdout.Trim().Split(' ').Select(long.Parse), v => Assert.True(v > 0, df.Stdout));
        var p = Path.Combine(NewDir(), "durable");
        using var fs = new FileStream(p, FileMode.CreateNew, FileAccess.Write);
        fs.Write("payload"u8);
        fs.Flush(flushToDisk: true);
        Assert.Equal(0, Tools.Run("sync", p).ExitCode);
    }

    [SkippableFact]
    public void Flock_is_exclusive_between_processes()
    {
        var p = Path.Combine(NewDir(), "locked");
        File.WriteAllText(p, "x");
        using (new FileStream(p, FileMode.Open, FileAccess.ReadWrite, FileShare.None)) // .NET takes flock(LOCK_EX)
        {
            Assert.Equal(1, Tools.Run("flock", "-n", "-x", p, "true").ExitCode);
        }

        Assert.Equal(0, Tools.Run("flock", "-n", "-x", p, "true").ExitCode);
    }

    [SkippableFact]
    public void Editor_save_writes_a_temp_file_and_renames_it_over()
    {
        var d = NewDir();
        var doc = Path.Combine(d, "doc.txt");
        File.WriteAllText(doc, "draft 1");
        var tmp = Path.Combine(d, ".doc.txt.swp");
        using (var fs = new FileStream(tmp, FileMode.CreateNew, FileAccess.Write))
        {
            fs.Write("draft 2, saved"u8);
            fs.Flush(flushToDisk: true);
        }

        File.Move(tmp, doc, overwrite: true);
        Assert.Equal("draft 2, saved", File.ReadAllText(doc));
        Assert.Equal(["doc.txt"], Directory.GetFileSystemEntries(d).Select(Path.GetFileName));
    }

    [SkippableFact]
    public void Symbolic_links_are_refused_and_hard_links_too_on_the_mount_only()
    {
        var d = NewDir();
        File.WriteAllText(Path.Combine(d, "f"), "x");
        var ln = Tools.Run("ln", "-s", "f", Path.Combine(d, "l"));
        var hard = Tools.Run("ln", Path.Combine(d, "f"), Path.Combine(d, "h"));
        if (IsMount)
        {
            Assert.Contains(SymbolicLinkRefusal, ln.Stderr);
            Assert.Contains("Operation not permitted", hard.Stderr);
        }
        else
        {
            Assert.Equal(0, ln.ExitCode);
        }
    }

    [SkippableFact]
    public void Cp_and_large_sequential_copy_keep_every_byte()
    {
        var d = NewDir();
        var data = new byte[(8 * 1024 * 1024) + 123];
        new Random(7).NextBytes(data);
        var src = Path.Combine(d, "src.bin");
        File.WriteAllBytes(src, data);
        Assert.Equal(0, Tools.Run("cp", src, Path.Combine(d, "copy.bin")).ExitCode);
        Assert.Equal(data, File.ReadAllBytes(Path.Combine(d, "copy.bin")));
        var listing = Tools.Run("ls", "-l", d).Stdout;
        Assert.Contains(data.Length.ToString(), listing);
    }

    protected virtual bool IsMount => false;

    /// <summary>How a mount refuses ln -s (davfs2 answers ENOSYS itself; WebDAV has no links).</summary>
    protected virtual string SymbolicLinkRefusal => "Operation not permitted";
}
