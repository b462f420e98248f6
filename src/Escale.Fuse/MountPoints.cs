using System.Diagnostics;
using Escale.Fuse.Interop;
using Microsoft.Extensions.Logging;

namespace Escale.Fuse;

/// <summary>Checks and cleans mount points: availability of FUSE, stale mounts, lazy detach.</summary>
internal static class MountPoints
{
    private const int MNT_DETACH = 2;

    public static string? Availability()
    {
        var reason = LibFuse.TryLoad();
        if (reason is not null)
        {
            return reason;
        }

        if (!File.Exists("/dev/fuse"))
        {
            return "/dev/fuse is missing (load the fuse module, or give the container --device /dev/fuse)";
        }

        try
        {
            using var probe = File.OpenHandle("/dev/fuse", FileMode.Open, FileAccess.ReadWrite, FileShare.ReadWrite);
        }
        catch (UnauthorizedAccessException)
        {
            return $"/dev/fuse is not usable by user {Environment.UserName} (as root: chmod 0666 /dev/fuse)";
        }
        catch (Exception e)
        {
            return $"/dev/fuse cannot be opened: {e.Message}";
        }

        return FindFusermount() is null ? "fusermount3 is not installed (Debian: apt-get install fuse3)" : null;
    }

    /// <summary>Refuses missing, non-directory, non-empty or already-mounted paths; cleans a dead FUSE mount left by a crash.</summary>
    public static void Prepare(string mountPoint, ILogger logger)
    {
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                if (File.Exists(mountPoint) && !Directory.Exists(mountPoint))
                {
                    throw new MountException($"mount point {mountPoint} is not a directory");
                }

                if (!Directory.Exists(mountPoint) && !IsMounted(mountPoint))
                {
                    throw new MountException($"mount point {mountPoint} does not exist (create it first: mkdir -p {mountPoint})");
                }

                if (IsMounted(mountPoint))
                {
                    // a live mount answers; a dead one (its server was killed) fails with ENOTCONN below
                    _ = Directory.EnumerateFileSystemEntries(mountPoint).Any();
                    throw new MountException($"{mountPoint} is already a mount point (unmount it first: fusermount3 -u {mountPoint})");
                }

                if (Directory.EnumerateFileSystemEntries(mountPoint).Any())
                {
                    throw new MountException($"mount point {mountPoint} is not empty (the files live in the local folder; mount on an empty directory)");
                }

                return;
            }
            catch (IOException e) when (attempt == 0 && (e.HResult == Errno.ENOTCONN || e.Message.Contains("not connected", StringComparison.OrdinalIgnoreCase)))
            {
                logger.LogWarning("cleaning a stale mount on {MountPoint} (its server is gone)", mountPoint);
                Detach(mountPoint, logger);
            }
            catch (IOException e)
            {
                throw new MountException($"mount point {mountPoint} cannot be used: {e.Message}", e);
            }
        }
    }

    /// <summary>Lazy unmount: umount2(MNT_DETACH) as root, else fusermount3 -u -z. Never throws.</summary>
    public static void Detach(string mountPoint, ILogger logger)
    {
        try
        {
            if (Escale.Core.Interop.Libc.Geteuid() == 0 && Escale.Core.Interop.Libc.Umount2(mountPoint, MNT_DETACH) == 0)
            {
                return;
            }

            var fusermount = FindFusermount();
            if (fusermount is null || !IsMounted(mountPoint))
            {
                return;
            }

            using var p = Process.Start(new ProcessStartInfo(fusermount, ["-u", "-z", mountPoint])
            {
                RedirectStandardError = true,
                RedirectStandardOutput = true,
            });
            if (p is not null && !p.WaitForExit(5000))
            {
                p.Kill();
            }
        }
        catch (Exception e)
        {
            logger.LogWarning("could not unmount {MountPoint}: {Reason}", mountPoint, e.Message);
        }
    }

    /// <summary>Whether /proc/self/mountinfo lists the path as a mount point (field 5, octal escapes for spaces).</summary>
    public static bool IsMounted(string mountPoint)
    {
        try
        {
            var escaped = mountPoint.Replace("\\", "\\134").Replace(" ", "\\040").Replace("\t", "\\011").Replace("\n", "\\012");
            foreach (var line in File.ReadLines("/proc/self/mountinfo"))
            {
                var fields = line.Split(' ', 6);
                if (fields.Length > 4 && fields[4] == escaped)
                {
                    return true;
                }
            }
        }
        catch (IOException)
        {
        }

        return false;
    }

    private static string? FindFusermount()
    {
        var dirs = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Concat(["/usr/bin", "/bin", "/usr/local/bin"]);
        return dirs.Select(d => Path.Combine(d, "fusermount3")).FirstOrDefault(File.Exists);
    }
}
