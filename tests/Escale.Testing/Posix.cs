using System.Runtime.InteropServices;

namespace Escale.Testing;

public static class Posix
{
    public const int SIGINT = 2;
    public const int SIGTERM = 15;

    [DllImport("libc", SetLastError = true)]
    public static extern int kill(int pid, int sig);
}
