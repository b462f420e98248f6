using System.Runtime.InteropServices;
using System.Threading.Channels;
using Escale.Fuse.Callbacks;
using Escale.Fuse.Interop;
using Escale.Vfs;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Escale.Fuse;

/// <summary>
/// Serves an <see cref="IVirtualFolder"/> on a directory through libfuse3: fuse_new +
/// fuse_mount + fuse_loop_mt on a thread of its own. <see cref="Unmount"/> (or SIGINT/SIGTERM
/// when asked) stops it; -o auto_unmount cleans the mount point even after kill -9.
/// </summary>
/// <remarks>
/// Lock order: <c>_gate</c> is the only lock here and no callback takes it; it guards the
/// <c>struct fuse*</c> against use after fuse_destroy.
/// </remarks>
public sealed class FuseHost : IDisposable
{
    private readonly object _gate = new();
    private readonly FuseSession _session;
    private readonly IVirtualFolder _folder;
    private readonly TaskCompletionSource<int> _done = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Channel<string> _invalidations = Channel.CreateUnbounded<string>(new UnboundedChannelOptions { SingleReader = true });
    private readonly List<PosixSignalRegistration> _signals = [];
    private nint _fuse;
    private unsafe fuse_operations* _ops;
    private GCHandle _sessionHandle;
    private bool _stopping;
    private Task? _invalidator;
    private Task? _signalledUnmount;

    private FuseHost(IVirtualFolder folder, string mountPoint, FuseMountOptions options, ILogger logger)
    {
        _folder = folder;
        MountPoint = mountPoint;
        _session = new FuseSession(folder, options, logger);
    }

    public string MountPoint { get; }

    /// <summary>Completes with fuse_loop_mt's result once the mount is gone and libfuse is torn down.</summary>
    public Task<int> Completion => _done.Task;

    /// <summary>True when the kernel accepted the writeback cache.</summary>
    public bool WritebackCache => _session.WritebackCacheOn;

    /// <summary>What init() negotiated with the kernel (protocol, max_write, capabilities).</summary>
    public string Negotiated => _session.Negotiated;

    /// <summary>Null when FUSE mounts can work here, else the one-line reason (then run plain-folder sync).</summary>
    public static string? Availability() => MountPoints.Availability();

    /// <summary>Whether a file system is mounted at this directory (a live or a dead FUSE mount).</summary>
    public static bool IsMounted(string mountPoint) => MountPoints.IsMounted(mountPoint);

    /// <summary>Detaches a mount left by a crashed agent.</summary>
    public static void Detach(string mountPoint, ILogger logger) => MountPoints.Detach(mountPoint, logger);

    /// <summary>Mounts <paramref name="folder"/> on an existing, empty directory and starts serving it.</summary>
    /// <exception cref="MountException">With a one-line message when the mount cannot be made.</exception>
    public static FuseHost Mount(IVirtualFolder folder, string mountPoint, FuseMountOptions? options = null, ILogger? logger = null)
    {
        var reason = Availability();
        if (reason is not null)
        {
            throw new MountException(reason);
        }

        logger ??= NullLogger.Instance;
        var full = Path.GetFullPath(mountPoint);
        MountPoints.Prepare(full, logger);
        var host = new FuseHost(folder, full, options ?? new FuseMountOptions(), logger);
        host.Start();
        return host;
    }

    /// <summary>Stops serving and unmounts (lazily: open files elsewhere do not block it). Waits a bounded time.</summary>
    public unsafe void Unmount()
    {
        lock (_gate)
        {
            if (!_stopping && _fuse != 0)
            {
                _stopping = true;
                LibFuse.fuse_exit(_fuse);
            }
        }

        if (!Completion.IsCompleted)
        {
            MountPoints.Detach(MountPoint, _session.Logger);
            if (!Completion.Wait(_session.Options.UnmountTimeout))
            {
                _session.Logger.LogWarning("the FUSE loop of {MountPoint} did not stop within {Seconds} s (a file is still open through it?)", MountPoint, _session.Options.UnmountTimeout.TotalSeconds);
            }
        }
    }

    public void Dispose()
    {
        foreach (var s in _signals)
        {
            s.Dispose();
        }

        Unmount();
        _invalidator?.Wait(TimeSpan.FromSeconds(2));
    }

    private unsafe void Start()
    {
        FuseLog.Install(_session.Logger);
        FuseLog.ClearLastError();
        _sessionHandle = GCHandle.Alloc(_session);
        _ops = FuseCallbacks.CreateTable();
        var o = _session.Options;
        var mountOptions = "auto_unmount,default_permissions,fsname=escale,subtype=escale" + (o.AllowOther ? ",allow_other" : "");
        string[] argv = o.Debug ? ["escale", "-o", mountOptions, "-d"] : ["escale", "-o", mountOptions];

        var native = argv.Select(Marshal.StringToCoTaskMemUTF8).ToArray();
        var argvPtr = (nint*)NativeMemory.AllocZeroed((nuint)(native.Length + 1), (nuint)sizeof(nint));
        try
        {
            for (var i = 0; i < native.Length; i++)
            {
                argvPtr[i] = native[i];
            }

            var args = new fuse_args { argc = native.Length, argv = (nint)argvPtr, allocated = 0 };
            _fuse = LibFuse.fuse_new(&args, _ops, (nuint)sizeof(fuse_operations), GCHandle.ToIntPtr(_sessionHandle));
            LibFuse.fuse_opt_free_args(&args);
        }
        finally
        {
            NativeMemory.Free(argvPtr);
            foreach (var p in native)
            {
                Marshal.FreeCoTaskMem(p);
            }
        }

        if (_fuse == 0)
        {
            Free();
            throw new MountException($"libfuse refused the mount options: {FuseLog.LastError ?? mountOptions}");
        }

        var mp = Marshal.StringToCoTaskMemUTF8(MountPoint);
        int rc;
        try
        {
            rc = LibFuse.fuse_mount(_fuse, (byte*)mp);
        }
        finally
        {
            Marshal.FreeCoTaskMem(mp);
        }

        if (rc != 0)
        {
            LibFuse.fuse_destroy(_fuse);
            _fuse = 0;
            Free();
            throw new MountException($"cannot mount on {MountPoint}: {FuseLog.LastError ?? "fuse_mount failed"}");
        }

        _folder.Invalidated += OnInvalidated;
        _invalidator = Task.Run(InvalidateLoopAsync);
        var loop = new Thread(Loop) { IsBackground = true, Name = "fuse-loop " + MountPoint };
        loop.Start();
        if (o.HandleSignals)
        {
            foreach (var signal in new[] { PosixSignal.SIGINT, PosixSignal.SIGTERM })
            {
                _signals.Add(PosixSignalRegistration.Create(signal, ctx =>
                {
                    ctx.Cancel = true; // we exit by unmounting, not by the runtime's default
                    _signalledUnmount ??= Task.Run(Unmount);
                }));
            }
        }

        _session.Logger.LogInformation("mounted {MountPoint} (libfuse {Version})", MountPoint, LibFuse.PackageVersion);
    }

    private unsafe void Loop()
    {
        var rc = -1;
        try
        {
            // NULL config: libfuse's defaults (max_idle_threads 10, no clone_fd)
            rc = LibFuse.fuse_loop_mt(_fuse, 0);
        }
        finally
        {
            _folder.Invalidated -= OnInvalidated;
            _invalidations.Writer.TryComplete();
            lock (_gate)
            {
                if (MountPoints.IsMounted(MountPoint))
                {
                    LibFuse.fuse_unmount(_fuse); // the loop ended without our detach (fuse_exit from elsewhere)
                }

                LibFuse.fuse_destroy(_fuse);
                _fuse = 0;
            }

            Free();
            _session.Logger.LogInformation("unmounted {MountPoint}", MountPoint);
            _done.TrySetResult(rc);
        }
    }

    private void OnInvalidated(string relativePath) => _invalidations.Writer.TryWrite(relativePath);

    /// <summary>Sends cache invalidations from a thread of our own: never inside a request, where it could deadlock.</summary>
    private async Task InvalidateLoopAsync()
    {
        await foreach (var path in _invalidations.Reader.ReadAllAsync().ConfigureAwait(false))
        {
            Invalidate(path);
        }
    }

    private unsafe void Invalidate(string path)
    {
        var bytes = System.Text.Encoding.UTF8.GetBytes("/" + path + "\0");
        lock (_gate)
        {
            if (_fuse != 0)
            {
                fixed (byte* p = bytes)
                {
                    _ = LibFuse.fuse_invalidate_path(_fuse, p); // -ENOENT: the kernel never saw it, fine
                }
            }
        }
    }

    private unsafe void Free()
    {
        if (_ops != null)
        {
            NativeMemory.Free(_ops);
            _ops = null;
        }

        if (_sessionHandle.IsAllocated)
        {
            _sessionHandle.Free();
        }
    }
}
