using Escale.Vfs;
using Microsoft.Extensions.Logging;

namespace Escale.Fuse;

/// <summary>What the static callbacks need of one mount; reached through fuse_context.private_data (a GCHandle).</summary>
internal sealed class FuseSession(IVirtualFolder folder, FuseMountOptions options, ILogger logger)
{
    public IVirtualFolder Folder { get; } = folder;

    public FuseMountOptions Options { get; } = options;

    public ILogger Logger { get; } = logger;

    /// <summary>Everything in the mount belongs to the user running it (the mirror is that user's folder).</summary>
    public uint Uid { get; } = Escale.Core.Interop.Libc.Geteuid();

    public uint Gid { get; } = Escale.Core.Interop.Libc.Getegid();

    /// <summary>What init() negotiated, for the log and the tests.</summary>
    public string Negotiated { get; set; } = "";

    public bool WritebackCacheOn { get; set; }

    private int _unexpected;

    /// <summary>Logs a bug-shaped exception (not an I/O condition) a bounded number of times.</summary>
    public void Unexpected(string operation, Exception e)
    {
        if (Interlocked.Increment(ref _unexpected) <= 20)
        {
            Logger.LogWarning(e, "FUSE {Operation} failed unexpectedly", operation);
        }
    }
}
