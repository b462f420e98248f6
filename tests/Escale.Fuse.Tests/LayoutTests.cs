using System.Reflection;
using Escale.Testing;
using System.Runtime.InteropServices;
using Escale.Fuse.Interop;

namespace Escale.Fuse.Tests;

/// <summary>
/// Proves every structure of Escale.Fuse.Interop against the C compiler: layout.c is built with
/// gcc against /usr/include/fuse3 and prints sizeof/offsetof, bit positions and constants.
/// </summary>
public sealed class LayoutTests(ITestOutputHelper output)
{
    private static readonly Type[] Structs =
        [typeof(fuse_operations), typeof(fuse_file_info), typeof(fuse_conn_info), typeof(fuse_config),
         typeof(fuse_args), typeof(fuse_context), typeof(stat), typeof(statvfs), typeof(timespec)];

    private static readonly Lazy<Dictionary<string, long>> Facts = new(Compile);

    [SkippableFact]
    public void Sizes_match_gcc()
    {
        Available();

        foreach (var t in Structs)
        {
            Assert.True(Facts.Value.TryGetValue("sizeof " + t.Name, out var size), "layout.c does not print sizeof " + t.Name);
            Assert.True(size == Marshal.SizeOf(t), $"sizeof({t.Name}): gcc {size}, C# {Marshal.SizeOf(t)}");
        }

        Assert.Equal(42 * IntPtr.Size, Marshal.SizeOf<fuse_operations>());
    }

    [SkippableFact]
    public void Every_field_offset_matches_gcc()
    {
        Available();

        var compared = 0;
        foreach (var t in Structs)
        {
            foreach (var f in t.GetFields(BindingFlags.Public | BindingFlags.Instance))
            {
                var key = $"offsetof {t.Name}.{f.Name.TrimStart('@')}";
                if (!Facts.Value.TryGetValue(key, out var offset))
                {
                    // only padding and the bit-field word may be missing from the C side
                    Assert.True(f.Name.StartsWith("__", StringComparison.Ordinal) || f.Name is "bits" or "padding2", "layout.c does not print " + key);
                    continue;
                }

                Assert.True(offset == (long)Marshal.OffsetOf(t, f.Name), $"{key}: gcc {offset}, C# {Marshal.OffsetOf(t, f.Name)}");
                compared++;
            }
        }

        output.WriteLine($"{compared} field offsets compared");
        Assert.True(compared > 100);
    }

    [SkippableFact]
    public void Bit_fields_and_constants_match_gcc()
    {
        Available();

        var bitsOffset = (long)Marshal.OffsetOf<fuse_file_info>(nameof(fuse_file_info.bits));
        Assert.Equal(bitsOffset, Facts.Value["bit fuse_file_info.direct_io offset"]);
        Assert.Equal(fuse_file_info.FUSE_FI_WRITEPAGE, (uint)Facts.Value["bit fuse_file_info.writepage mask"]);
        Assert.Equal(fuse_file_info.FUSE_FI_DIRECT_IO, (uint)Facts.Value["bit fuse_file_info.direct_io mask"]);
        Assert.Equal(fuse_file_info.FUSE_FI_KEEP_CACHE, (uint)Facts.Value["bit fuse_file_info.keep_cache mask"]);
        Assert.Equal(fuse_conn_info.FUSE_CAP_WRITEBACK_CACHE, (uint)Facts.Value["const FUSE_CAP_WRITEBACK_CACHE"]);
        Assert.Equal(fuse_conn_info.FUSE_CAP_AUTO_INVAL_DATA, (uint)Facts.Value["const FUSE_CAP_AUTO_INVAL_DATA"]);
        Assert.Equal(fuse_conn_info.FUSE_CAP_READDIRPLUS, (uint)Facts.Value["const FUSE_CAP_READDIRPLUS"]);
        Assert.Equal(fuse_conn_info.FUSE_CAP_FLOCK_LOCKS, (uint)Facts.Value["const FUSE_CAP_FLOCK_LOCKS"]);
        Assert.Equal(timespec.UTIME_NOW, Facts.Value["const UTIME_NOW"]);
        Assert.Equal(timespec.UTIME_OMIT, Facts.Value["const UTIME_OMIT"]);
        Assert.Equal(Errno.RENAME_NOREPLACE, (uint)Facts.Value["const RENAME_NOREPLACE"]);
        Assert.Equal(Errno.RENAME_EXCHANGE, (uint)Facts.Value["const RENAME_EXCHANGE"]);
        Assert.Equal(Errno.FUSE_FILL_DIR_PLUS, (int)Facts.Value["const FUSE_FILL_DIR_PLUS"]);
        Assert.Equal(Errno.O_EXCL, (int)Facts.Value["const O_EXCL"]);
        Assert.Equal(Errno.O_TRUNC, (int)Facts.Value["const O_TRUNC"]);
        Assert.Equal(Errno.O_APPEND, (int)Facts.Value["const O_APPEND"]);
    }

    [SkippableFact]
    public void The_installed_library_is_a_supported_version()
    {
        Prerequisites.Fuse();

        output.WriteLine("libfuse " + LibFuse.PackageVersion);
        Assert.InRange(LibFuse.fuse_version_value(), LibFuse.MinVersion, LibFuse.MaxVersion);
    }

    private static void Available()
    {
        Prerequisites.Tool("gcc");
        Prerequisite.Require(File.Exists("/usr/include/fuse3/fuse.h") ? null : "libfuse3-dev headers are missing");
    }

    private static Dictionary<string, long> Compile()
    {
        var dir = Path.Combine(Path.GetTempPath(), "escale-layout-" + Environment.ProcessId);
        Directory.CreateDirectory(dir);
        var exe = Path.Combine(dir, "layout");
        var source = Path.Combine(AppContext.BaseDirectory, "layout.c");
        var cc = Tools.Run("gcc", "-O0", "-Wall", "-Werror", "-I/usr/include/fuse3", "-o", exe, source);
        Assert.True(cc.ExitCode == 0, "gcc failed: " + cc);
        var run = Tools.Run(exe);
        Assert.Equal(0, run.ExitCode);
        var facts = new Dictionary<string, long>();
        foreach (var line in run.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var parts = line.Split(' ');
            if (parts[0] == "bit")
            {
                facts[$"bit {parts[1]} offset"] = long.Parse(parts[2]);
                facts[$"bit {parts[1]} mask"] = long.Parse(parts[3]);
            }
            else
            {
                facts[parts[0] + " " + parts[1]] = long.Parse(parts[2]);
            }
        }

        Directory.Delete(dir, recursive: true);
        return facts;
    }
}
