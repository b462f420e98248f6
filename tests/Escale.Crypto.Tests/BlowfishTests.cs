using System.Text;
using Escale.Crypto.Blowfish;
using Org.BouncyCastle.Crypto.Engines;
using Org.BouncyCastle.Crypto.Parameters;

namespace Escale.Crypto.Tests;

public sealed class BlowfishTests
{
    private static readonly byte[] Key = "escale test key"u8.ToArray();
    private static readonly byte[] Iv = [0, 1, 2, 3, 4, 5, 6, 7];

    [Theory] // Eric Young's published Blowfish ECB vectors
    [InlineData("0000000000000000", "0000000000000000", "4ef997456198dd78")]
    [InlineData("ffffffffffffffff", "ffffffffffffffff", "51866fd5b85ecb8a")]
    [InlineData("3000000000000000", "1000000000000001", "7d856f9a613063f2")]
    [InlineData("0123456789abcdef", "1111111111111111", "61f9c3802281b096")]
    [InlineData("fedcba9876543210", "0123456789abcdef", "0aceab0fc6a0a28d")]
    public void The_engine_matches_the_ecb_vectors(string key, string plain, string cipher)
    {
        var engine = new BlowfishEngine();
        engine.Init(true, new KeyParameter(Convert.FromHexString(key)));
        var output = new byte[8];
        engine.ProcessBlock(Convert.FromHexString(plain), 0, output, 0);
        Assert.Equal(cipher, Convert.ToHexStringLower(output));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(8)]
    [InlineData(43)]
    [InlineData(65537)]
    public void Ofb_equals_the_keystream_built_by_hand_from_ecb(int size)
    {
        var plaintext = Payloads.Random(size, size);
        var engine = new BlowfishEngine();
        engine.Init(true, new KeyParameter(Key));
        var expected = new byte[8 + size];
        Iv.CopyTo(expected, 0);
        var feedback = Iv.ToArray();
        for (var offset = 0; offset < size; offset += 8)
        {
            var next = new byte[8];
            engine.ProcessBlock(feedback, 0, next, 0);
            feedback = next;
            for (var i = 0; i < 8 && offset + i < size; i++)
            {
                expected[8 + offset + i] = (byte)(plaintext[offset + i] ^ next[i]);
            }
        }

        Assert.Equal(expected, EncodeWithIv(plaintext));
    }

    [Fact]
    public void Ofb_matches_a_vector_from_an_independent_implementation()
    {
        // Python cryptography: Cipher(Blowfish(b"escale test key"), OFB(bytes(range(8)))).encryptor().update(...)
        var payload = EncodeWithIv("The quick brown fox jumps over the lazy dog"u8.ToArray());
        Assert.Equal("e2d734679b66321355a9f9517fe4ed442e7a771e0d089ccbc1a701828cc09426ee939ec63267e3bd8092fa", Convert.ToHexStringLower(payload[8..]));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(65535)]
    [InlineData(65536)]
    [InlineData(65537)]
    [InlineData(10 << 20)]
    public async Task Round_trips(int size)
    {
        var codec = new BlowfishCodec(Key, "sha512", allowEncode: true);
        var plaintext = Payloads.Random(size, size);
        var payload = Payloads.Encode(codec, plaintext);
        Assert.Equal(codec.EncodedLength(size), payload.Length);
        Assert.Equal(size, codec.DecodedLength(payload.Length));
        Assert.Equal(plaintext, await Payloads.DecodeAsync(codec, payload, plainLength: size));
    }

    [Fact]
    public async Task Without_the_opt_in_it_only_reads()
    {
        var writer = new BlowfishCodec(Key, "sha512", allowEncode: true);
        var reader = new BlowfishCodec(Key, "sha512", allowEncode: false);
        Assert.False(reader.CanEncode);
        Assert.Throws<InvalidOperationException>(() => reader.Encode(new MemoryStream(), Payloads.Info("f", 0)));
        Assert.Equal("hi"u8.ToArray(), await Payloads.DecodeAsync(reader, Payloads.Encode(writer, "hi"u8.ToArray())));
    }

    [Fact]
    public async Task Only_a_wrong_length_is_detectable()
    {
        var codec = new BlowfishCodec(Key, "sha512", allowEncode: true);
        var payload = Payloads.Encode(codec, Encoding.ASCII.GetBytes("pay 100 EUR"));
        payload[8 + 4] ^= (byte)('1' ^ '9'); // the relay edits the amount: unauthenticated, so it passes
        Assert.Equal("pay 900 EUR", Encoding.ASCII.GetString(await Payloads.DecodeAsync(codec, payload)));
        await Assert.ThrowsAsync<PayloadIntegrityException>(() => Payloads.DecodeAsync(codec, payload[..^1], plainLength: 11));
        await Payloads.DecodeFailureAsync(codec, payload[..7]);
    }

    private static byte[] EncodeWithIv(byte[] plaintext)
    {
        using var stream = new BlowfishEncodeStream(new MemoryStream(plaintext), Payloads.Info("f", plaintext.Length), Key, Iv);
        var output = new MemoryStream();
        stream.CopyTo(output);
        return output.ToArray();
    }
}
