using System.Diagnostics;

namespace Escale.Stress.Tests;

/// <summary>Runs a system tool (mount, umount) and returns its exit code.</summary>
internal static class Shell
{
    public static async Task<int> RunAsync(string file, params string[] args)
    {
        var psi = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args)
        {
            psi.ArgumentList.Add(a);
        }

        using var p = Process.Start(psi)!;
        await p.WaitForExitAsync();
        return p.ExitCode;
    }
}
