using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Escale.Relay.WebDav;

/// <summary>
/// Server certificate checks as for FTPS: the system's trust by default; <c>verify ssl = no</c> accepts
/// anything; <c>certificate</c> pins either a SHA-256 fingerprint or a PEM file (the leaf itself, which
/// is then accepted whatever its name, or a CA that must sign a chain valid for the host name).
/// </summary>
internal sealed class TlsPolicy
{
    private readonly bool _verify;
    private readonly byte[]? _fingerprint;
    private readonly X509Certificate2Collection? _pinned;

    public TlsPolicy(WebDavSettings settings)
    {
        _verify = settings.VerifyTls;
        if (settings.PinnedCertificate is { } pin)
        {
            if (TryParseFingerprint(pin, out var fp))
            {
                _fingerprint = fp;
            }
            else
            {
                try
                {
                    _pinned = [];
                    _pinned.ImportFromPemFile(pin);
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException or CryptographicException)
                {
                    throw new RelayException(RelayErrorKind.Permanent, $"certificate {pin}: not a SHA-256 fingerprint nor a readable PEM file ({e.Message})", e);
                }

                if (_pinned.Count == 0)
                {
                    throw new RelayException(RelayErrorKind.Permanent, $"certificate {pin}: no certificate in that PEM file");
                }
            }
        }

        if (settings.ClientCertificateFile is { } certFile)
        {
            try
            {
                ClientCertificate = X509Certificate2.CreateFromPemFile(certFile, settings.ClientKeyFile);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or CryptographicException or ArgumentException)
            {
                throw new RelayException(RelayErrorKind.Permanent, $"client certificate {certFile}: cannot be loaded ({e.Message})", e);
            }
        }
    }

    public X509Certificate2? ClientCertificate { get; }

    /// <summary>Why the last certificate was refused, for the one-line error.</summary>
    public string? LastRefusal { get; private set; }

    public string Describe() =>
        _fingerprint is not null ? "pinned SHA-256 fingerprint"
        : _pinned is not null ? "pinned certificate file"
        : _verify ? "system trust" : "NOT verified (verify ssl = no)";

    public bool Validate(X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors)
    {
        if (certificate is null)
        {
            LastRefusal = "the server sent no certificate";
            return false;
        }

        using var leaf = new X509Certificate2(certificate);
        if (_fingerprint is not null)
        {
            var actual = SHA256.HashData(leaf.RawData);
            return Refuse(CryptographicOperations.FixedTimeEquals(actual, _fingerprint), $"fingerprint {Convert.ToHexString(actual)} is not the pinned one");
        }

        if (_pinned is not null)
        {
            foreach (var p in _pinned)
            {
                if (p.RawData.AsSpan().SequenceEqual(leaf.RawData))
                {
                    return true;
                }
            }

            using var custom = new X509Chain();
            custom.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
            custom.ChainPolicy.CustomTrustStore.AddRange(_pinned);
            custom.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
            var chained = custom.Build(leaf);
            var nameOk = (errors & SslPolicyErrors.RemoteCertificateNameMismatch) == 0;
            return Refuse(chained && nameOk, chained ? "certificate name does not match the host" : "certificate is neither the pinned one nor signed by it");
        }

        if (!_verify)
        {
            return true;
        }

        return Refuse(errors == SslPolicyErrors.None, $"certificate not trusted ({errors}); pin it with 'certificate = <sha256 fingerprint>' or set 'verify ssl = no'");
    }

    public static bool TryParseFingerprint(string text, out byte[] fingerprint)
    {
        var hex = text.Trim().Replace(":", "", StringComparison.Ordinal).Replace(" ", "", StringComparison.Ordinal);
        if (hex.StartsWith("sha256/", StringComparison.OrdinalIgnoreCase))
        {
            hex = hex[7..];
        }

        fingerprint = [];
        if (hex.Length != 64 || !hex.All(Uri.IsHexDigit))
        {
            return false;
        }

        fingerprint = Convert.FromHexString(hex);
        return true;
    }

    private bool Refuse(bool ok, string why)
    {
        if (!ok)
        {
            LastRefusal = why;
        }

        return ok;
    }
}
