using System.Runtime.InteropServices;

namespace Escale.Crypto.Aead;

/// <summary>Passphrase → 32-byte key. scrypt in production; tests may count or replace it.</summary>
internal delegate byte[] PassphraseKdf(byte[] passphrase, byte[] salt, KdfParameters parameters);

/// <summary>
/// scrypt through the system's OpenSSL (libcrypto, already loaded by .NET's own cryptography on
/// Linux) when it is there, else BouncyCastle's managed one; both give the RFC 7914 output. Why:
/// OpenSSL's is about twice as fast (the 128 MiB of production parameters is the first file's wait
/// with aead), and its working area is malloc'ed and freed, so it leaves the resident set at once
/// instead of staying on the managed heap until a full compacting collection.
/// </summary>
internal static class Scrypt
{
    private static readonly Lazy<OpenSslScrypt?> Native = new(OpenSslScrypt.TryLoad);

    public static byte[] Derive(byte[] passphrase, byte[] salt, KdfParameters parameters) =>
        Native.Value?.Derive(passphrase, salt, parameters) ?? Managed(passphrase, salt, parameters);

    /// <summary>BouncyCastle's scrypt (the fallback; tests compare the two).</summary>
    public static byte[] Managed(byte[] passphrase, byte[] salt, KdfParameters parameters) =>
        Org.BouncyCastle.Crypto.Generators.SCrypt.Generate(passphrase, salt, 1 << parameters.Log2N, parameters.R, parameters.P, 32);

    /// <summary>OpenSSL's scrypt, or null where libcrypto cannot be loaded.</summary>
    public static byte[]? NativeOrNull(byte[] passphrase, byte[] salt, KdfParameters parameters) =>
        Native.Value?.Derive(passphrase, salt, parameters);

    private sealed class OpenSslScrypt
    {
        private readonly ScryptFunction _scrypt;

        private OpenSslScrypt(ScryptFunction scrypt) => _scrypt = scrypt;

        /// <summary>int EVP_PBE_scrypt(pass, passlen, salt, saltlen, N, r, p, maxmem, key, keylen): 1 on success.</summary>
        [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
        private delegate int ScryptFunction(byte[] pass, nuint passLength, byte[] salt, nuint saltLength, ulong n, ulong r, ulong p, ulong maxMemory, [Out] byte[] key, nuint keyLength);

        public static OpenSslScrypt? TryLoad()
        {
            foreach (var name in new[] { "libcrypto.so.3", "libcrypto.so.1.1", "libcrypto.so", "libcrypto.3.dylib" })
            {
                if (NativeLibrary.TryLoad(name, out var library) && NativeLibrary.TryGetExport(library, "EVP_PBE_scrypt", out var function))
                {
                    return new OpenSslScrypt(Marshal.GetDelegateForFunctionPointer<ScryptFunction>(function));
                }
            }

            return null;
        }

        public byte[]? Derive(byte[] passphrase, byte[] salt, KdfParameters parameters)
        {
            var key = new byte[32];
            ulong n = 1UL << parameters.Log2N, r = (ulong)parameters.R, p = (ulong)parameters.P;
            var maxMemory = 128 * r * (n + p + 2) + (1 << 20); // what it needs, and no more
            return _scrypt(passphrase, (nuint)passphrase.Length, salt, (nuint)salt.Length, n, r, p, maxMemory, key, (nuint)key.Length) == 1
                ? key
                : null; // refused (memory): the managed one decides
        }
    }
}
