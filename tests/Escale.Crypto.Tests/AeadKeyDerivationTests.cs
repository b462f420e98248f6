using Escale.Crypto.Aead;
using Escale.Testing;

namespace Escale.Crypto.Tests;

/// <summary>
/// One scrypt per repository and process (issue 12): the repository key is the root of the checksum
/// key and of every key block this version writes (kdf id 2), so writing, reading a peer's payloads
/// and checksumming cost one derivation together; blocks of kdf id 1 (earlier builds) are still read.
/// </summary>
public sealed class AeadKeyDerivationTests
{
    [Fact]
    public async Task Writing_reading_a_peer_and_checksumming_cost_one_scrypt_per_node()
    {
        var a = new AeadCodec(AeadSuite.Aes256Gcm, "shared"u8.ToArray(), kdf: KdfParameters.Fastest);
        var b = new AeadCodec(AeadSuite.Aes256Gcm, "shared"u8.ToArray(), kdf: KdfParameters.Fastest);
        var fromA = Payloads.Encode(a, [1, 2, 3]);
        var fromB = Payloads.Encode(b, [4, 5]);
        Assert.Equal([1, 2, 3], await Payloads.DecodeAsync(b, fromA));
        Assert.Equal([4, 5], await Payloads.DecodeAsync(a, fromB));
        using (var hash = a.CreateChecksum())
        {
            hash.AppendData([9]);
        }

        Assert.Equal(KeyBlock.RepositoryKeyId, fromA[AeadLayout.KeyBlockOffset]);
        Assert.NotEqual(KeyBlockOf(fromA), KeyBlockOf(fromB)); // still a master key (and wrapping key) per node
        Assert.Equal(1, a.KeyRing.DerivationCount);
        Assert.Equal(1, b.KeyRing.DerivationCount);
    }

    [Fact]
    public async Task A_restart_with_the_cached_block_costs_one_scrypt_and_an_old_kdf1_block_is_replaced()
    {
        // a payload of an earlier build (kdf id 1), and its key block left in the key cache
        var passphrase = "escale golden passphrase"u8.ToArray();
        var oldPayload = await File.ReadAllBytesAsync(Path.Combine(AppContext.BaseDirectory, "Golden", "aead-gcm-hello.aead"));
        Assert.Equal(KeyBlock.ScryptId, oldPayload[AeadLayout.KeyBlockOffset]);
        using var dir = new TempDir("crypto-kdf2");
        File.WriteAllText(Path.Combine(dir.Path, "aead-key"), "escale-aead-key-v1 " + Convert.ToBase64String(KeyBlockOf(oldPayload)) + "\n");

        var node = new AeadCodec(AeadSuite.Aes256Gcm, passphrase, dir.Path, KdfParameters.Fastest);
        var written = Payloads.Encode(node, [1]);
        Assert.Equal(KeyBlock.RepositoryKeyId, written[AeadLayout.KeyBlockOffset]);
        Assert.Equal(1, node.KeyRing.DerivationCount);

        // still read, at one scrypt of its own
        Assert.Equal("Hello, relay.\n"u8.ToArray(), await Payloads.DecodeAsync(node, oldPayload, "golden/hello.txt"));
        Assert.Equal(2, node.KeyRing.DerivationCount);

        var restarted = new AeadCodec(AeadSuite.Aes256Gcm, passphrase, dir.Path, KdfParameters.Fastest);
        Assert.Equal(KeyBlockOf(written), KeyBlockOf(Payloads.Encode(restarted, [2])));
        Assert.Equal([1], await Payloads.DecodeAsync(restarted, written));
        Assert.Equal(1, restarted.KeyRing.DerivationCount);
    }

    [Fact]
    public async Task A_wrong_passphrase_does_not_unwrap_a_kdf2_block()
    {
        var writer = new AeadCodec(AeadSuite.Aes256Gcm, "right"u8.ToArray(), kdf: KdfParameters.Fastest);
        var reader = new AeadCodec(AeadSuite.Aes256Gcm, "wrong"u8.ToArray(), kdf: KdfParameters.Fastest);
        await Assert.ThrowsAsync<WrongKeyException>(() => Payloads.DecodeAsync(reader, Payloads.Encode(writer, [1])));
    }

    private static byte[] KeyBlockOf(byte[] payload) => payload[AeadLayout.KeyBlockOffset..(AeadLayout.KeyBlockOffset + KeyBlock.Size)];
}
