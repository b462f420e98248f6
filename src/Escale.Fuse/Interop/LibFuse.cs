using System.Runtime.InteropServices;

namespace Escale.Fuse.Interop;

#pragma warning disable IDE1006 // native names

/// <summary>
/// The libfuse3 entry points we call, each bound to an explicit symbol version with dlvsym so a
/// newer library cannot silently hand us an incompatible default (fuse_new has _30/_31 variants,
/// fuse_loop_mt has 3.0/3.2/3.12 ones).
/// </summary>
internal static unsafe class LibFuse
{
    public const string LibraryName = "libfuse3.so.3";

    /// <summary>Versions whose structures match ours at every offset we touch (see native-notes/libfuse3.md).</summary>
    public const int MinVersion = 312;
    public const int MaxVersion = 316;

    private static readonly object s_gate = new();
    private static string? s_error;
    private static bool s_loaded;

    // struct fuse *fuse_new(struct fuse_args *args, const struct fuse_operations *op, size_t op_size, void *private_data);  @FUSE_3.1
    public static delegate* unmanaged<fuse_args*, fuse_operations*, nuint, nint, nint> fuse_new;

    // int fuse_mount(struct fuse *f, const char *mountpoint);  @FUSE_3.0
    public static delegate* unmanaged<nint, byte*, int> fuse_mount;

    // void fuse_unmount(struct fuse *f);  @FUSE_3.0
    public static delegate* unmanaged<nint, void> fuse_unmount;

    // void fuse_destroy(struct fuse *f);  @FUSE_3.0
    public static delegate* unmanaged<nint, void> fuse_destroy;

    // int fuse_loop_mt(struct fuse *f, struct fuse_loop_config *config);  @FUSE_3.12 (config may be NULL)
    public static delegate* unmanaged<nint, nint, int> fuse_loop_mt;

    // void fuse_exit(struct fuse *f);  @FUSE_3.0
    public static delegate* unmanaged<nint, void> fuse_exit;

    // struct fuse_context *fuse_get_context(void);  @FUSE_3.0
    public static delegate* unmanaged<fuse_context*> fuse_get_context;

    // int fuse_invalidate_path(struct fuse *f, const char *path);  @FUSE_3.1
    public static delegate* unmanaged<nint, byte*, int> fuse_invalidate_path;

    // int fuse_version(void);  @FUSE_3.0
    public static delegate* unmanaged<int> fuse_version;

    // const char *fuse_pkgversion(void);  @FUSE_3.0
    public static delegate* unmanaged<byte*> fuse_pkgversion;

    // void fuse_opt_free_args(struct fuse_args *args);  @FUSE_3.0
    public static delegate* unmanaged<fuse_args*, void> fuse_opt_free_args;

    // void fuse_set_log_func(fuse_log_func_t func);  @FUSE_3.7
    public static delegate* unmanaged<delegate* unmanaged<int, byte*, nint, void>, void> fuse_set_log_func;

    /// <summary>Loads and binds once; returns null or the one-line reason it cannot be used.</summary>
    public static string? TryLoad()
    {
        lock (s_gate)
        {
            if (!s_loaded)
            {
                s_error = Load();
                s_loaded = true;
            }

            return s_error;
        }
    }

    /// <summary>fuse_version(): major * 100 + minor (314 for 3.14).</summary>
    public static int fuse_version_value() => fuse_version();

    public static string PackageVersion => fuse_pkgversion is null ? "?" : Marshal.PtrToStringUTF8((nint)fuse_pkgversion()) ?? "?";

    private static string? Load()
    {
        if (!OperatingSystem.IsLinux())
        {
            return "FUSE mounts need Linux";
        }

        if (!NativeLibrary.TryLoad(LibraryName, out var lib))
        {
            return $"{LibraryName} is not installed (Debian: apt-get install fuse3 libfuse3-3)";
        }

        try
        {
            fuse_new = (delegate* unmanaged<fuse_args*, fuse_operations*, nuint, nint, nint>)Bind(lib, "fuse_new", "FUSE_3.1");
            fuse_mount = (delegate* unmanaged<nint, byte*, int>)Bind(lib, "fuse_mount", "FUSE_3.0");
            fuse_unmount = (delegate* unmanaged<nint, void>)Bind(lib, "fuse_unmount", "FUSE_3.0");
            fuse_destroy = (delegate* unmanaged<nint, void>)Bind(lib, "fuse_destroy", "FUSE_3.0");
            fuse_loop_mt = (delegate* unmanaged<nint, nint, int>)Bind(lib, "fuse_loop_mt", "FUSE_3.12");
            fuse_exit = (delegate* unmanaged<nint, void>)Bind(lib, "fuse_exit", "FUSE_3.0");
            fuse_get_context = (delegate* unmanaged<fuse_context*>)Bind(lib, "fuse_get_context", "FUSE_3.0");
            fuse_invalidate_path = (delegate* unmanaged<nint, byte*, int>)Bind(lib, "fuse_invalidate_path", "FUSE_3.1");
            fuse_version = (delegate* unmanaged<int>)Bind(lib, "fuse_version", "FUSE_3.0");
            fuse_pkgversion = (delegate* unmanaged<byte*>)Bind(lib, "fuse_pkgversion", "FUSE_3.0");
            fuse_opt_free_args = (delegate* unmanaged<fuse_args*, void>)Bind(lib, "fuse_opt_free_args", "FUSE_3.0");
            fuse_set_log_func = (delegate* unmanaged<delegate* unmanaged<int, byte*, nint, void>, void>)Bind(lib, "fuse_set_log_func", "FUSE_3.7");
        }
        catch (EntryPointNotFoundException e)
        {
            return $"{LibraryName} is too old or unusual: {e.Message}";
        }

        var version = fuse_version();
        if (version / 100 != 3 || version < MinVersion || version > MaxVersion)
        {
            return $"libfuse {PackageVersion} is not supported: this build knows the structure layouts of libfuse 3.{MinVersion % 100} to 3.{MaxVersion % 100}";
        }

        return null;
    }

    private static nint Bind(nint lib, string name, string version)
    {
        var p = Escale.Core.Interop.Libc.Dlvsym(lib, name, version);
        return p != 0 ? p : throw new EntryPointNotFoundException($"{name}@{version} not found");
    }
}
