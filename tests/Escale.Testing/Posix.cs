namespace Escale.Testing;

public static class Posix
{
    public const int SIGINT = 2;
    public const int SIGTERM = 15;

    /// <summary>kill(2), through the one libc binding of the project.</summary>
    public static int kill(int pid, int sig) => Escale.Core.Interop.Libc.Kill(pid, sig);
}
