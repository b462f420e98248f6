using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Escale.Relay.Ftp.Client;

/// <summary>
/// How the server's TLS certificate is judged: the system trust store (default), nothing at all
/// (<c>verify ssl = no</c>), or a pin from <c>certificate</c>: a SHA-256 fingerprint, or a PEM file
/// holding the server's own certificate (accepted as is, which is what self-signed servers need) or a
/// CA to chain to.
/// </summary>
internal sealed class FtpCertificatePolicy
{
    private readonly bool _verify;
    private readonly byte[]? _fingerprint;
    private readonly X509Certificate2Collection? _pinned;

    private FtpCertificatePolicy(bool verify, byte[]? fingerprint, X509Certificate2Collection? pinned)
    {
        _verify = verify;
        _fingerprint = fingerprint;
        _pinned = pinned;
    }

    public static FtpCertificatePolicy Default { get; } = new(true, null, null);

    public static FtpCertificatePolicy None { get; } = new(false, null, null);

    /// <summary>The fingerprint and failure of the last refused certificate, for the one-line error.</summary>
    public string? LastRefusal { get; private set; }

    public string Describe() =>
        !_verify ? "not verified (verify ssl = no)"
        : _fingerprint is not null ? "pinned by SHA-256 fingerprint"
        : _pinned is not null ? "pinned to a PEM certificate"
        : "verified against the system trust store";

    /// <summary>From the <c>certificate</c> option: 64 hex digits (colons allowed) or a PEM file path.</summary>
    public static FtpCertificatePolicy Pinned(string value, Func<string, string> resolvePath)
    {
        var hex = value.Replace(":", "", StringComparison.Ordinal).Replace(" ", "", StringComparison.Ordinal);
        if (hex.Length == 64 && hex.All(Uri.IsHexDigit))
        {
            return new FtpCertificatePolicy(true, Convert.FromHexString(hex), null);
        }

        var path = resolvePath(value);
        var collection = new X509Certificate2Collection();
        try
        {
            collection.ImportFromPemFile(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or CryptographicException)
        {
            throw new RelayException(RelayErrorKind.Permanent, $"certificate '{path}' cannot be read: {e.Message}", e);
        }

        if (collection.Count == 0)
        {
            throw new RelayException(RelayErrorKind.Permanent, $"certificate '{path}' holds no PEM certificate");
        }

        return new FtpCertificatePolicy(true, null, collection);
    }

    public static string Fingerprint(X509Certificate certificate) =>
        Convert.ToHexString(SHA256.HashData(certificate.GetRawCertData())).Chunk(2).Select(c => new string(c)).Aggregate((a, b) => a + ":" + b);

    /// <param name="syntheticName">The TLS target name was a stand-in: match the certificate against <paramref name="host"/> here.</param>
    public bool Validate(string host, bool syntheticName, X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors)
    {
        if (!_verify)
        {
            return true;
        }

        if (certificate is null)
        {
            LastRefusal = "the server sent no certificate";
            return false;
        }

        if (syntheticName && (errors & SslPolicyErrors.RemoteCertificateNameMismatch) != 0)
        {
            using var named = new X509Certificate2(certificate);
            if (named.MatchesHostname(host))
            {
                errors &= ~SslPolicyErrors.RemoteCertificateNameMismatch;
            }
        }

        var accepted = _fingerprint is not null ? SHA256.HashData(certificate.GetRawCertData()).AsSpan().SequenceEqual(_fingerprint)
            : _pinned is not null ? MatchesPinned(certificate)
            : errors == SslPolicyErrors.None;
        if (!accepted)
        {
            var why = _fingerprint is not null || _pinned is not null ? "it does not match the pinned 'certificate'" : errors.ToString();
            LastRefusal = $"{why}; its SHA-256 fingerprint is {Fingerprint(certificate)}";
        }

        return accepted;
    }

    private bool MatchesPinned(X509Certificate certificate)
    {
        using var server = new X509Certificate2(certificate);
        foreach (var pinned in _pinned!)
        {
            if (pinned.RawDataMemory.Span.SequenceEqual(server.RawDataMemory.Span))
            {
                return true; // the server's own (self-signed) certificate
            }
        }

        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(_pinned);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        return chain.Build(server);
    }
}
