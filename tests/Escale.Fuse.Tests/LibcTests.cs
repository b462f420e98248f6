using System.Reflection;
using System.Runtime.InteropServices;
using Escale.Core.Interop;
using Escale.Testing;

namespace Escale.Fuse.Tests;

/// <summary>
/// The one libc binding (Escale.Core.Interop.Libc, on Tmds.LibC): its constants against this
/// machine's C headers, and the two flags the local relay's safety rests on, by their effect.
/// </summary>
public sealed class LibcTests : IDisposable
{
    private readonly TempDir _dir = new("libc");

    public void Dispose() => _dir.Dispose();

    [SkippableFact]
    public void Every_constant_matches_the_c_headers()
    {
        Prerequisites.Tool("gcc");
        var exe = Path.Combine(_dir.Path, "libc");
        var cc = Tools.Run("gcc", "-O0", "-Wall", "-Werror", "-o", exe, Path.Combine(AppContext.BaseDirectory, "libc.c"));
        Assert.True(cc.ExitCode == 0, "gcc failed: " + cc);
        var run = Tools.Run(exe);
        Assert.Equal(0, run.ExitCode);

        var compared = 0;
        foreach (var line in run.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var (name, value) = (line.Split(' ')[0], long.Parse(line.Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture));
            var property = typeof(Libc).GetProperty(name, BindingFlags.Public | BindingFlags.Static);
            Assert.True(property is not null, $"Libc has no {name}");
            Assert.True(value == (int)property.GetValue(null)!, $"{name}: C {value}, Libc {property.GetValue(null)}");
            compared++;
        }

        Assert.Equal(19, compared);
    }

    [Fact]
    public void O_nofollow_refuses_a_link_and_o_directory_refuses_a_file()
    {
        var file = Path.Combine(_dir.Path, "file");
        File.WriteAllText(file, "x");
        var link = Path.Combine(_dir.Path, "link");
        File.CreateSymbolicLink(link, file);

        Assert.Equal(-1, Libc.Open(link, Libc.O_RDONLY | Libc.O_NOFOLLOW | Libc.O_CLOEXEC));
        Assert.Equal(Libc.ELOOP, Marshal.GetLastPInvokeError());
        Assert.Equal(-1, Libc.Open(file, Libc.O_RDONLY | Libc.O_DIRECTORY | Libc.O_CLOEXEC));
        Assert.Equal(Libc.ENOTDIR, Marshal.GetLastPInvokeError());

        var fd = Libc.Open(_dir.Path, Libc.O_RDONLY | Libc.O_DIRECTORY | Libc.O_CLOEXEC);
        Assert.True(fd >= 0, $"open of a folder failed: errno {Marshal.GetLastPInvokeError()}");
        Assert.Equal(0, Libc.Fsync(fd));
        Assert.Equal(0, Libc.Close(fd));
    }
}
