using System.Diagnostics;
using System.Text;

namespace Escale.Testing;

/// <summary>Runs the real <c>escale</c> executable (built next to the tests) as a child process.</summary>
public sealed class CliProcess : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private bool _disposed;

    private CliProcess(Process process)
    {
        _process = process;
    }

    /// <summary>
    /// The CLI as its own project built it (same configuration as the tests), so that it runs with its
    /// own dependencies even from a test project that uses another shared framework (ASP.NET Core).
    /// </summary>
    public static string Dll { get; } = FindDll();

    private static string FindDll()
    {
        var baseDir = AppContext.BaseDirectory.TrimEnd('/');
        var configuration = Path.GetFileName(Path.GetDirectoryName(baseDir)) ?? "Debug";
        for (var dir = new DirectoryInfo(baseDir); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Escale.Mount.sln")))
            {
                var built = Path.Combine(dir.FullName, "src", "Escale.Cli", "bin", configuration, "net10.0", "escale.dll");
                if (File.Exists(built))
                {
                    return built;
                }

                break;
            }
        }

        return Path.Combine(AppContext.BaseDirectory, "escale.dll");
    }

    public int Id => _process.Id;

    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    public static CliProcess Start(string command, IEnumerable<string> args, string? workingDirectory = null, IDictionary<string, string>? env = null, string? stdin = null)
    {
        // ESCALE_CLI_BIN: a release binary (self-contained single file) instead of the built escale.dll.
        var bin = Environment.GetEnvironmentVariable("ESCALE_CLI_BIN");
        var psi = new ProcessStartInfo(string.IsNullOrEmpty(bin) ? "dotnet" : bin)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? Environment.CurrentDirectory,
        };
        if (string.IsNullOrEmpty(bin))
        {
            psi.ArgumentList.Add(Dll);
        }

        psi.ArgumentList.Add(command);
        foreach (var a in args)
        {
            psi.ArgumentList.Add(a);
        }

        foreach (var (k, v) in env ?? new Dictionary<string, string>())
        {
            psi.Environment[k] = v;
        }

        var p = new Process { StartInfo = psi };
        var cli = new CliProcess(p);
        p.OutputDataReceived += (_, e) => cli.Append(e.Data);
        p.ErrorDataReceived += (_, e) => cli.Append(e.Data);
        p.Start();
        p.BeginOutputReadLine();
        p.BeginErrorReadLine();
        if (stdin is not null)
        {
            p.StandardInput.Write(stdin);
        }

        p.StandardInput.Close();
        return cli;
    }

    /// <summary>Runs to completion (bounded) and returns the exit code.</summary>
    public static async Task<(int Code, string Output)> RunAsync(string command, IEnumerable<string> args, string? workingDirectory = null, IDictionary<string, string>? env = null, string? stdin = null, int timeoutSeconds = 120)
    {
        using var p = Start(command, args, workingDirectory, env, stdin);
        var code = await p.WaitAsync(TimeSpan.FromSeconds(timeoutSeconds));
        return (code, p.Output);
    }

    public async Task<int> WaitAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            Kill();
            throw new TimeoutException($"escale did not exit within {timeout.TotalSeconds} s; output:\n{Output}");
        }

        _process.WaitForExit(); // flush the output readers
        return _process.ExitCode;
    }

    /// <summary>SIGKILL: no chance to clean up, like a power cut for the process.</summary>
    public void Kill()
    {
        try
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit(10_000);
        }
        catch (InvalidOperationException)
        {
        }
    }

    /// <summary>SIGINT or SIGTERM, as Ctrl+C or a service manager would.</summary>
    public void Signal(int signal) => _ = Posix.kill(_process.Id, signal);

    public bool HasExited => _process.HasExited;

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        if (!_process.HasExited)
        {
            Kill();
        }

        _process.Dispose();
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.AppendLine(line);
        }
    }
}
