using Escale.Core.Config;
using Escale.Crypto.Aead;
using Escale.Crypto.Blowfish;
using Escale.Crypto.Fernet;

namespace Escale.Crypto;

/// <summary>
/// Builds the codec a repository's <c>encryption</c> option asks for. Every problem is one
/// <see cref="ConfigException"/> line naming file and line; nothing ever falls back to plaintext.
/// </summary>
public static class PayloadCodecs
{
    /// <param name="keyCacheDir">For aead: where this node keeps its wrapped key (pass the repository's state dir).</param>
    /// <param name="warn">Receives one-line warnings (blowfish writing enabled).</param>
    /// <param name="kdf">For aead tests only: cheaper scrypt parameters (still within reader bounds).</param>
    public static IPayloadCodec Create(RepositoryConfig config, string? keyCacheDir = null, Action<string>? warn = null, KdfParameters? kdf = null)
    {
        switch (config.Encryption)
        {
            case "off":
                return new PlainCodec(config.HashAlgorithm);
            case "native" when config.Protocol == "googledrive": // the relay's own encryption (Escale 0.5's Drive option); ours is off
                return new PlainCodec(config.HashAlgorithm);
            case "native":
                throw ConfigException.At(config.File, config.LineOf("encryption"),
                    $"encryption = native (the relay's own encryption) is not available with protocol {config.Protocol}: only google has it");
            case "fernet":
                var key = FernetCodec.ParseKey(Passphrase.Read(config)) ?? throw ConfigException.At(config.File, config.LineOf("passphrase"),
                    "encryption = fernet needs a Fernet key: the passphrase file must hold the 44-character urlsafe base64 key (Fernet.generate_key())");
                return new FernetCodec(key, config.HashAlgorithm);
            case "blowfish":
                return CreateBlowfish(config, warn);
            case "aead" or "aead-chacha20":
                var suite = config.Encryption == "aead" ? AeadSuite.Aes256Gcm : AeadSuite.ChaCha20Poly1305;
                if (!System.Security.Cryptography.AesGcm.IsSupported || (suite == AeadSuite.ChaCha20Poly1305 && !System.Security.Cryptography.ChaCha20Poly1305.IsSupported))
                {
                    throw ConfigException.At(config.File, config.LineOf("encryption"), $"encryption = {config.Encryption} is not supported by this platform's crypto library");
                }

                return new AeadCodec(suite, Passphrase.Read(config), keyCacheDir, kdf);
            default:
                throw ConfigException.At(config.File, config.LineOf("encryption"),
                    $"encryption = {config.Encryption} is not available in this build (use off, fernet, blowfish, aead or aead-chacha20)");
        }
    }

    private static BlowfishCodec CreateBlowfish(RepositoryConfig config, Action<string>? warn)
    {
        var allowWrite = config.Get("unauthenticated encryption", false);
        if (!allowWrite && config.Mode != SyncMode.Download)
        {
            throw ConfigException.At(config.File, config.LineOf("encryption"),
                $"[{config.Name}]: encryption = blowfish has no integrity check; set 'unauthenticated encryption = yes' to write with it anyway, or 'mode = download' to only read it");
        }

        var key = Passphrase.Read(config);
        if (key.Length is < BlowfishOfb.MinKeySize or > BlowfishOfb.MaxKeySize)
        {
            throw ConfigException.At(config.File, config.LineOf("passphrase"),
                $"encryption = blowfish needs a passphrase of {BlowfishOfb.MinKeySize} to {BlowfishOfb.MaxKeySize} bytes (this one has {key.Length})");
        }

        if (allowWrite)
        {
            warn?.Invoke($"[{config.Name}]: writing with blowfish, which is unauthenticated: the relay can alter file contents undetected; prefer encryption = aead");
        }

        return new BlowfishCodec(key, config.HashAlgorithm, allowWrite);
    }
}
