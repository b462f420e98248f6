using System.Diagnostics;
using System.Net.Sockets;

namespace Escale.Service.Tests;

/// <summary>
/// A real SMTP server on loopback: Debian's python3-aiosmtpd with its Mailbox handler, which stores
/// every message it accepts in a Maildir (smtp-sink.py), optionally offering STARTTLS with a
/// self-signed certificate and requiring a login. A missing aiosmtpd is a failure (scripts/setup/smtp.sh installs it).
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

    /// <param name="tls">Certificate and key PEM files: STARTTLS offered and required.</param>
    /// <param name="login">The one account accepted: AUTH required (over TLS when <paramref name="tls"/> is given).</param>
    /// <param name="host">The address it listens on (a non-loopback one to test what crosses a network).</param>
    public static async Task<SmtpSink> StartAsync(string maildir, (string Cert, string Key)? tls = null, (string User, string Password)? login = null, string host = "127.0.0.1")
    {
        Assert.True(File.Exists(Python), $"{Python} is missing: run scripts/setup/smtp.sh");
        var check = Process.Start(new ProcessStartInfo(Python, ["-c", "import aiosmtpd"]) { RedirectStandardError = true })!;
        await check.WaitForExitAsync();
        Assert.True(check.ExitCode == 0, "python3-aiosmtpd is not installed: run scripts/setup/smtp.sh (apt-get install python3-aiosmtpd)");

        var port = Sandbox.ClosedPort();
        List<string> args = [Path.Combine(AppContext.BaseDirectory, "smtp-sink.py"), port.ToString(System.Globalization.CultureInfo.InvariantCulture), maildir, "--host", host];
        if (tls is { } t)
        {
            args.AddRange(["--tls", t.Cert, t.Key]);
        }

        if (login is { } l)
        {
            args.AddRange(["--login", l.User, l.Password]);
        }

        var psi = new ProcessStartInfo(Python, args)
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
                await probe.ConnectAsync(host, port);
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

    /// <summary>
    /// A self-signed certificate for 127.0.0.1 written as cert.pem and key.pem under <paramref name="dir"/>:
    /// the sink's identity, which only a client told to trust that file accepts.
    /// </summary>
    public static (string Cert, string Key) SelfSignedCertificate(string dir)
    {
        Directory.CreateDirectory(dir);
        using var key = System.Security.Cryptography.ECDsa.Create(System.Security.Cryptography.ECCurve.NamedCurves.nistP256);
        var request = new System.Security.Cryptography.X509Certificates.CertificateRequest("CN=127.0.0.1", key, System.Security.Cryptography.HashAlgorithmName.SHA256);
        var san = new System.Security.Cryptography.X509Certificates.SubjectAlternativeNameBuilder();
        san.AddIpAddress(System.Net.IPAddress.Loopback);
        request.CertificateExtensions.Add(san.Build());
        using var cert = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(7));
        var (certFile, keyFile) = (Path.Combine(dir, "cert.pem"), Path.Combine(dir, "key.pem"));
        File.WriteAllText(certFile, cert.ExportCertificatePem());
        File.WriteAllText(keyFile, key.ExportPkcs8PrivateKeyPem());
        return (certFile, keyFile);
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
