namespace Escale.Fuse;

public sealed class FuseMountOptions
{
    /// <summary>
    /// Lets the kernel gather small writes into large ones (4 KiB writes ×3.5 faster). Off by
    /// default: with it the kernel trusts its own idea of a file's size, so a pull that changes a
    /// cached file behind the mount stays invisible until the inode is forgotten
    /// (see native-notes/libfuse3.md).
    /// </summary>
    public bool WritebackCache { get; init; }

    /// <summary>How long the kernel may trust names and attributes without asking again.</summary>
    public TimeSpan AttributeTimeout { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>-o allow_other: other users may enter the mount (non-root needs user_allow_other in /etc/fuse.conf).</summary>
    public bool AllowOther { get; init; }

    /// <summary>SIGINT/SIGTERM unmount (for a command-line process; tests leave it off).</summary>
    public bool HandleSignals { get; init; }

    /// <summary>libfuse's -d: every request on stderr.</summary>
    public bool Debug { get; init; }

    /// <summary>How long <see cref="FuseHost.Unmount"/> waits for the request loop to end.</summary>
    public TimeSpan UnmountTimeout { get; init; } = TimeSpan.FromSeconds(10);
}
