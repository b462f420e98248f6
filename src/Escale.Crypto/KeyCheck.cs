using System.Security.Cryptography;
using System.Text;
using Escale.Crypto.Aead;
using Escale.Crypto.Blowfish;
using Escale.Crypto.Fernet;

namespace Escale.Crypto;

/// <summary>
/// A key check value for the repository marker: proves that two nodes hold the same key without
/// revealing it. HMAC-SHA256 of a fixed label under a subkey (HKDF, its own purpose label) of the
/// key the codec already has: for aead the repository key every node derives identically (the one
/// behind the keyed checksum, so no extra scrypt run), for fernet and blowfish the key itself.
/// Like any value computed from a key, it lets someone who reads the relay test passphrase guesses
/// offline; for aead each guess costs a scrypt, exactly as a guess against a payload does.
/// </summary>
public static class KeyCheck
{
    private static readonly byte[] SubkeyInfo = "escale repository key check v1"u8.ToArray();
    private static readonly byte[] Label = "escale-repository"u8.ToArray();

    /// <summary>32 lowercase hex digits, or null for <c>encryption = off</c> (nothing to prove).</summary>
    public static string? Compute(IPayloadCodec codec) => codec switch
    {
        AeadCodec aead => Of(aead.KeyRing.ChecksumKey),
        FernetCodec fernet => Of(fernet.Key),
        BlowfishCodec blowfish => Of(blowfish.Key),
        _ => null,
    };

    private static string Of(ReadOnlySpan<byte> key)
    {
        var subkey = new byte[32];
        HKDF.DeriveKey(HashAlgorithmName.SHA256, key, subkey, [], SubkeyInfo);
        try
        {
            return Convert.ToHexStringLower(HMACSHA256.HashData(subkey, Label).AsSpan(0, 16));
        }
        finally
        {
            CryptographicOperations.ZeroMemory(subkey);
        }
    }

    /// <summary>Constant-time comparison of two check values.</summary>
    public static bool Same(string a, string b) =>
        CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(a), Encoding.ASCII.GetBytes(b));
}
