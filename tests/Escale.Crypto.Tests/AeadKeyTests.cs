using System.Text;
using Escale.Crypto.Aead;
using Escale.Testing;

namespace Escale.Crypto.Tests;

public sealed class AeadKeyTests
{
    [Fact]
    public async Task Each_node_has_its_own_master_key_yet_reads_the_others()
    {
        var a = new AeadCodec(AeadSuite.Aes256Gcm, "shared"u8.ToArray(), kdf: KdfParameters.Fastest);
        var b = new AeadCodec(AeadSuite.ChaCha20Poly1305, "shared"u8.ToArray(), kdf: KdfParameters.Fastest);
        var fromA = Payloads.Encode(a, [1, 2, 3]);
        var fromB = Payloads.Encode(b, [4, 5]);
        Assert.NotEqual(KeyBlockOf(fromA), KeyBlockOf(fromB));
        Assert.Equal([1, 2, 3], await Payloads.DecodeAsync(b, fromA));
        Assert.Equal([4, 5], await Payloads.DecodeAsync(a, fromB));
    }

    [Fact]
    public void The_checksum_is_keyed_by_the_passphrase_and_equal_on_every_node()
    {
        var plaintext = Encoding.UTF8.GetBytes("guessable content");
        var node1 = Checksum(new AeadCodec(AeadSuite.Aes256Gcm, "shared"u8.ToArray(), kdf: KdfParameters.Fastest), plaintext);
        var node2 = Checksum(new AeadCodec(AeadSuite.ChaCha20Poly1305, "shared"u8.ToArray(), kdf: KdfParameters.Fastest), plaintext);
        var other = Checksum(new AeadCodec(AeadSuite.Aes256Gcm, "other"u8.ToArray(), kdf: KdfParameters.Fastest), plaintext);
        var plain = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(plaintext));

        Assert.Equal(node1, node2);
        Assert.NotEqual(node1, other);
        Assert.NotEqual(plain, node1);
        Assert.Matches("^[0-9a-f]{64}$", node1);
    }

    [Fact]
    public async Task A_node_reuses_its_cached_key_block_so_scrypt_runs_once_per_start()
    {
        using var dir = new TempDir("crypto-keycache");
        var first = new AeadCodec(AeadSuite.Aes256Gcm, "cached"u8.ToArray(), dir.Path, KdfParameters.Fastest);
        var payload1 = Payloads.Encode(first, [1]);
        Assert.True(File.Exists(Path.Combine(dir.Path, "aead-key")));
        Assert.Equal(1, first.KeyRing.DerivationCount);

        // a restart: unwraps the stored block (one scrypt) and keeps writing with it
        var restarted = new AeadCodec(AeadSuite.Aes256Gcm, "cached"u8.ToArray(), dir.Path, KdfParameters.Fastest);
        var payloads = Enumerable.Range(0, 5).Select(i => Payloads.Encode(restarted, [(byte)i])).ToList();
        Assert.All(payloads, p => Assert.Equal(KeyBlockOf(payload1), KeyBlockOf(p)));
        Assert.Equal([1], await Payloads.DecodeAsync(restarted, payload1));
        Assert.Equal(1, restarted.KeyRing.DerivationCount);
    }

    [Fact]
    public async Task A_changed_passphrase_replaces_the_cached_key_block()
    {
        using var dir = new TempDir("crypto-keycache");
        var before = Payloads.Encode(new AeadCodec(AeadSuite.Aes256Gcm, "old"u8.ToArray(), dir.Path, KdfParameters.Fastest), [1]);
        var codec = new AeadCodec(AeadSuite.Aes256Gcm, "new"u8.ToArray(), dir.Path, KdfParameters.Fastest);
        var after = Payloads.Encode(codec, [2]);
        Assert.NotEqual(KeyBlockOf(before), KeyBlockOf(after));
        Assert.Equal([2], await Payloads.DecodeAsync(codec, after));
        await Assert.ThrowsAsync<WrongKeyException>(() => Payloads.DecodeAsync(codec, before));
    }

    [Fact]
    public void Production_parameters_are_the_documented_ones()
    {
        Assert.Equal(new KdfParameters(17, 8, 1), KdfParameters.Production);
        Assert.True(KdfParameters.Production.WithinBounds);
        Assert.Throws<ArgumentOutOfRangeException>(() => new AeadCodec(AeadSuite.Aes256Gcm, [1], kdf: new KdfParameters(12, 8, 1)));
    }

    private static string Checksum(IPayloadCodec codec, byte[] data)
    {
        using var hash = codec.CreateChecksum();
        hash.AppendData(data);
        return Checksums.Hex(hash);
    }

    private static byte[] KeyBlockOf(byte[] payload) => payload[AeadLayout.KeyBlockOffset..(AeadLayout.KeyBlockOffset + KeyBlock.Size)];
}
