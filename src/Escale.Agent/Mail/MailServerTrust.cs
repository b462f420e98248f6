using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Escale.Agent.Mail;

/// <summary>
/// Verifies the mail server's certificate: the system's trust store as always, plus, when
/// <c>smtp certificate</c> names a PEM file, the certificates in it as extra roots (a private CA or the
/// server's own self-signed certificate). The host name is checked either way; verification is never
/// switched off, for this connection or any other.
/// </summary>
public sealed class MailServerTrust
{
    private readonly X509Certificate2Collection _extraRoots;

    private MailServerTrust(X509Certificate2Collection extraRoots) => _extraRoots = extraRoots;

    /// <summary>The extra roots of <paramref name="pemFile"/> (none when null).</summary>
    /// <exception cref="IOException">The file cannot be read or holds no certificate (one line).</exception>
    public static MailServerTrust Load(string? pemFile)
    {
        var roots = new X509Certificate2Collection();
        if (pemFile is null)
        {
            return new MailServerTrust(roots);
        }

        try
        {
            roots.ImportFromPemFile(pemFile);
        }
        catch (Exception e) when (e is CryptographicException or UnauthorizedAccessException or FileNotFoundException or DirectoryNotFoundException)
        {
            throw new IOException($"smtp certificate {pemFile}: {e.Message}");
        }

        return roots.Count > 0 ? new MailServerTrust(roots) : throw new IOException($"smtp certificate {pemFile} holds no PEM certificate");
    }

    /// <summary>Whether the last handshake failed only because of the chain (for a useful hint).</summary>
    public bool UntrustedChainSeen { get; private set; }

    public bool Validate(object sender, X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors)
    {
        if (errors == SslPolicyErrors.None)
        {
            return true;
        }

        // A wrong name or no certificate at all is never rescued by an extra root.
        if (certificate is null || errors != SslPolicyErrors.RemoteCertificateChainErrors)
        {
            return false;
        }

        UntrustedChainSeen = true;
        if (_extraRoots.Count == 0)
        {
            return false;
        }

        using var custom = new X509Chain();
        custom.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        custom.ChainPolicy.CustomTrustStore.AddRange(_extraRoots);
        // A private CA or a self-signed certificate publishes no revocation list to check.
        custom.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        if (chain is not null)
        {
            foreach (var element in chain.ChainElements)
            {
                custom.ChainPolicy.ExtraStore.Add(element.Certificate);
            }
        }

        using var leaf = X509CertificateLoader.LoadCertificate(certificate.GetRawCertData());
        return custom.Build(leaf);
    }
}
