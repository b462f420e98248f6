namespace Escale.Crypto.Aead;

/// <summary>Passphrase → 32-byte key. scrypt in production; tests may count or replace it.</summary>
internal delegate byte[] PassphraseKdf(byte[] passphrase, byte[] salt, KdfParameters parameters);

internal static class Scrypt
{
    public static byte[] Derive(byte[] passphrase, byte[] salt, KdfParameters parameters) =>
        Org.BouncyCastle.Crypto.Generators.SCrypt.Generate(passphrase, salt, 1 << parameters.Log2N, parameters.R, parameters.P, 32);
}
