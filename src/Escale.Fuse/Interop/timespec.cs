using System.Runtime.InteropServices;

namespace Escale.Fuse.Interop;

#pragma warning disable SA1307, IDE1006, CS8981 // native names

/// <summary>struct timespec on 64-bit Linux; utimensat's special tv_nsec values included.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct timespec
{
    public const long UTIME_NOW = (1L << 30) - 1;
    public const long UTIME_OMIT = (1L << 30) - 2;

    public long tv_sec;
    public long tv_nsec;

    public static timespec From(DateTimeOffset t)
    {
        var ticks = t.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks;
        return new timespec { tv_sec = Math.DivRem(ticks, TimeSpan.TicksPerSecond, out var rem) - (rem < 0 ? 1 : 0), tv_nsec = ((rem + TimeSpan.TicksPerSecond) % TimeSpan.TicksPerSecond) * 100 };
    }

    public readonly DateTimeOffset ToDateTimeOffset() =>
        DateTimeOffset.UnixEpoch.AddTicks((tv_sec * TimeSpan.TicksPerSecond) + (tv_nsec / 100));
}
