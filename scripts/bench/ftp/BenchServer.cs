using System.Diagnostics;

namespace Escale.Bench.Ftp;

/// <summary>One loopback server started with scripts/servers/ftp/start.sh for the length of the benchmark.</summary>
internal sealed class BenchServer(string root, string name, int port, int passiveMin, int passiveMax, string runDir) : IAsyncDisposable
{
    public string Name => name;

    public int Port => port;

    public string Root => Path.Combine(runDir, "root");

    public async Task StartAsync(bool tls)
    {
        Directory.CreateDirectory(runDir);
        string[] extra = tls ? [] : ["--no-tls"];
        await RunAsync("bash", [Path.Combine(root, "scripts/servers/ftp/start.sh"), name, runDir, port.ToString(), passiveMin.ToString(), passiveMax.ToString(), .. extra]);
    }

    public async ValueTask DisposeAsync()
    {
        await RunAsync("bash", [Path.Combine(root, "scripts/servers/ftp/stop.sh"), runDir, "--kill"]);
        Directory.Delete(runDir, recursive: true);
    }

    public static async Task RunAsync(string file, IEnumerable<string> args)
    {
        var psi = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args)
        {
            psi.ArgumentList.Add(a);
        }

        using var p = Process.Start(psi)!;
        var output = p.StandardOutput.ReadToEndAsync();
        var error = p.StandardError.ReadToEndAsync();
        await p.WaitForExitAsync();
        if (p.ExitCode != 0)
        {
            throw new InvalidOperationException($"{file} {string.Join(' ', args)}: exit {p.ExitCode}: {await output}{await error}");
        }
    }
}
