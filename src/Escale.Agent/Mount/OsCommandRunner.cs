using System.Diagnostics;
using System.ComponentModel;

namespace Escale.Agent.Mount;

/// <summary>Runs an <see cref="OsCommand"/> with a bound; the failure is one line (the command's own first error line).</summary>
public static class OsCommandRunner
{
    /// <returns>Null on success, else what went wrong in one line.</returns>
    public static async Task<string?> RunAsync(OsCommand command, TimeSpan bound, CancellationToken ct = default)
    {
        var psi = new ProcessStartInfo(command.File)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var a in command.Arguments)
        {
            psi.ArgumentList.Add(a);
        }

        Process process;
        try
        {
            process = Process.Start(psi)!;
        }
        catch (Win32Exception e)
        {
            return $"cannot run {command.File}: {e.Message}";
        }

        using (process)
        {
            var stdout = process.StandardOutput.ReadToEndAsync(ct);
            var stderr = process.StandardError.ReadToEndAsync(ct);
            try
            {
                if (command.Input is { } input)
                {
                    await process.StandardInput.BaseStream.WriteAsync(input, ct);
                }

                process.StandardInput.Close();
            }
            catch (IOException)
            {
                // it exited without reading; its exit code says why
            }

            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
            timeout.CancelAfter(bound);
            try
            {
                await process.WaitForExitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                return $"{command.File} did not finish within {bound.TotalSeconds:0} s";
            }

            if (process.ExitCode == 0)
            {
                return null;
            }

            var text = (await stderr + "\n" + await stdout).Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
            return $"{command.File} failed (exit {process.ExitCode}): {text.FirstOrDefault() ?? "no message"}";
        }
    }
}
