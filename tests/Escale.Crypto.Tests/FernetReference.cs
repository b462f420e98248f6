using System.Buffers.Binary;
using System.Security.Cryptography;

namespace Escale.Crypto.Tests;

/// <summary>
/// A deliberately naive, whole-buffer Fernet written from the spec alone, to cross-check the
/// streaming codec: no shared code with src/.
/// </summary>
internal static class FernetReference
{
    public static string Encrypt(byte[] key, byte[] plaintext, long time, byte[] iv)
    {
        using var aes = Aes.Create();
        aes.Key = key[16..];
        var cipher = aes.EncryptCbc(plaintext, iv, PaddingMode.PKCS7);
        var body = new byte[25 + cipher.Length];
        body[0] = 0x80;
        BinaryPrimitives.WriteInt64BigEndian(body.AsSpan(1), time);
        iv.CopyTo(body, 9);
        cipher.CopyTo(body, 25);
        var mac = HMACSHA256.HashData(key[..16], body);
        return Convert.ToBase64String([.. body, .. mac]).Replace('+', '-').Replace('/', '_');
    }

    public static byte[] Decrypt(byte[] key, string token)
    {
        var raw = Convert.FromBase64String(token.Replace('-', '+').Replace('_', '/'));
        var body = raw[..^32];
        if (raw[0] != 0x80 || !CryptographicOperations.FixedTimeEquals(HMACSHA256.HashData(key[..16], body), raw[^32..]))
        {
            throw new CryptographicException("bad token");
        }

        using var aes = Aes.Create();
        aes.Key = key[16..];
        return aes.DecryptCbc(body[25..], body[9..25], PaddingMode.PKCS7);
    }
}
