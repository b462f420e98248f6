using System.Diagnostics;
using System.Net.Sockets;

namespace Escale.Service.Tests;

/// <summary>
/// A real SMTP server on loopback: Debian's python3-aiosmtpd with its Mailbox handler, which stores
/// every message it accepts in a Maildir. A missing aiosmtpd is a failure (scripts/setup/smtp.sh installs it).
/// </summary>
public sealed class SmtpSink : IDisposable
{
    private const string Python = "/usr/bin/python3";
    private readonly Process _process;

    private SmtpSink(Process process, int port, string maildir)
    {
        _process = process;
        Port = port;
        Maildir = maildir;
    }

    public int Port { get; }

    public string Maildir { get; }

    public static async Task<SmtpSink> StartAsync(string maildir)
    {
        Assert.True(File.Exists(Python), $"{Python} is missing: run scripts/setup/smtp.sh");
        var check = Process.Start(new ProcessStartInfo(Python, ["-c", "import aiosmtpd"]) { RedirectStandardError = true })!;
        await check.WaitForExitAsync();
        Assert.True(check.ExitCode == 0, "python3-aiosmtpd is not installed: run scripts/setup/smtp.sh (apt-get install python3-aiosmtpd)");

        var port = Sandbox.ClosedPort();
        var psi = new ProcessStartInfo(Python, ["-m", "aiosmtpd", "-n", "-l", $"127.0.0.1:{port}", "-c", "aiosmtpd.handlers.Mailbox", maildir])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        var process = Process.Start(psi)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var sink = new SmtpSink(process, port, maildir);

        // Ready when it accepts a connection; bounded so that a broken install fails instead of hanging.
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                using var probe = new TcpClient();
                await probe.ConnectAsync("127.0.0.1", port);
                return sink;
            }
            catch (SocketException) when (attempt < 100 && !process.HasExited)
            {
                await Task.Delay(100);
            }
            catch (SocketException)
            {
                sink.Dispose();
                throw new InvalidOperationException($"aiosmtpd did not start listening on port {port}");
            }
        }
    }

    /// <summary>The raw messages received so far.</summary>
    public IReadOnlyList<string> Messages()
    {
        var dir = Path.Combine(Maildir, "new");
        return Directory.Exists(dir) ? Directory.GetFiles(dir).Select(File.ReadAllText).ToList() : [];
    }

    /// <summary>Undoes quoted-printable (soft line breaks and =XX escapes) so that assertions read the text.</summary>
    public static string DecodeQuotedPrintable(string raw)
    {
        var text = raw.Replace("\r\n", "\n", StringComparison.Ordinal).Replace("=\n", "", StringComparison.Ordinal);
        return System.Text.RegularExpressions.Regex.Replace(text, "=([0-9A-F]{2})",
            m => ((char)Convert.ToByte(m.Groups[1].Value, 16)).ToString()).Replace("\r\n", "\n", StringComparison.Ordinal);
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
            _process.WaitForExit(10_000);
        }

        _process.Dispose();
    }
}
