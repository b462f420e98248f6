using Escale.Crypto.Aead;

namespace Escale.Crypto.Tests;

/// <summary>Round-trip helpers shared by the codec tests.</summary>
internal static class Payloads
{
    public static byte[] Random(int length, int seed)
    {
        var data = new byte[length];
        new Random(seed).NextBytes(data);
        return data;
    }

    public static PayloadInfo Info(string path, long length) => new(path, length, 1_700_000_000);

    public static byte[] Encode(IPayloadCodec codec, byte[] plaintext, string path = "dir/file.bin")
    {
        using var encoded = codec.Encode(new MemoryStream(plaintext), Info(path, plaintext.Length));
        var output = new MemoryStream();
        encoded.CopyTo(output);
        return output.ToArray();
    }

    public static async Task<byte[]> DecodeAsync(IPayloadCodec codec, byte[] payload, string path = "dir/file.bin", long plainLength = -1)
    {
        var output = new MemoryStream();
        await codec.DecodeAsync(new MemoryStream(payload), output, Info(path, plainLength), CancellationToken.None);
        return output.ToArray();
    }

    /// <summary>Decodes, expecting failure; returns the exception and whether anything reached the destination.</summary>
    public static async Task<(PayloadIntegrityException Error, long Written)> DecodeFailureAsync(IPayloadCodec codec, byte[] payload, string path = "dir/file.bin")
    {
        var output = new MemoryStream();
        var error = await Assert.ThrowsAnyAsync<PayloadIntegrityException>(
            () => codec.DecodeAsync(new MemoryStream(payload), output, Info(path, -1), CancellationToken.None));
        return (error, output.Length);
    }

    /// <summary>A stand-in for scrypt where a test flips thousands of KDF salts (real scrypt is pinned elsewhere).</summary>
    internal static byte[] CheapKdf(byte[] passphrase, byte[] salt, KdfParameters parameters) =>
        System.Security.Cryptography.HKDF.DeriveKey(
            System.Security.Cryptography.HashAlgorithmName.SHA256, passphrase, 32, salt, System.Text.Encoding.ASCII.GetBytes(parameters.ToString()));

    public static AeadCodec CheapAead(AeadSuite suite, string passphrase = "correct horse") =>
        new(suite, new AeadKeyRing(System.Text.Encoding.UTF8.GetBytes(passphrase), KdfParameters.Fastest, keyCacheDir: null, CheapKdf));
}
