using System.Runtime.InteropServices;
using Escale.Fuse.Interop;
using Microsoft.Extensions.Logging;

namespace Escale.Fuse;

/// <summary>Routes libfuse's own messages (option errors, mount failures) into our log instead of stderr.</summary>
internal static unsafe class FuseLog
{
    private static ILogger? s_logger;
    private static string? s_last;

    /// <summary>The last error-level line libfuse printed; mount failures quote it.</summary>
    public static string? LastError => s_last;

    public static void Install(ILogger logger)
    {
        s_logger = logger;
        if (LibFuse.fuse_set_log_func != null)
        {
            LibFuse.fuse_set_log_func(&Log);
        }
    }

    public static void ClearLastError() => s_last = null;

    // void (*fuse_log_func_t)(enum fuse_log_level level, const char *fmt, va_list ap);  FUSE_LOG_EMERG = 0 ... FUSE_LOG_DEBUG = 7
    [UnmanagedCallersOnly]
    private static void Log(int level, byte* fmt, nint ap)
    {
        try
        {
            const int size = 1024;
            var buffer = stackalloc byte[size];
            var n = Escale.Core.Interop.Libc.Vsnprintf(buffer, size, fmt, ap);
            var text = Marshal.PtrToStringUTF8((nint)buffer, Math.Clamp(n, 0, size - 1)).TrimEnd('\n');
            var logLevel = level switch
            {
                <= 3 => LogLevel.Error,
                4 => LogLevel.Warning,
                5 or 6 => LogLevel.Information,
                _ => LogLevel.Debug,
            };
            if (logLevel == LogLevel.Error)
            {
                s_last = text;
            }

            s_logger?.Log(logLevel, "libfuse: {Message}", text);
        }
        catch
        {
            // nothing may unwind into libfuse
        }
    }
}
