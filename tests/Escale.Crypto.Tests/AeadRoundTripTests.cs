using System.Text;
using Escale.Crypto.Aead;

namespace Escale.Crypto.Tests;

public sealed class AeadRoundTripTests
{
    // real scrypt at the cheapest accepted cost, shared so the class pays it once per suite
    private static readonly AeadCodec Gcm = new(AeadSuite.Aes256Gcm, Encoding.UTF8.GetBytes("round trip"), kdf: KdfParameters.Fastest);
    private static readonly AeadCodec ChaCha = new(AeadSuite.ChaCha20Poly1305, Encoding.UTF8.GetBytes("round trip"), kdf: KdfParameters.Fastest);

    public static TheoryData<string, int> Cases()
    {
        var data = new TheoryData<string, int>();
        foreach (var suite in new[] { "aead", "aead-chacha20" })
        {
            foreach (var size in new[] { 0, 1, 65535, 65536, 65537, 10 << 20 })
            {
                data.Add(suite, size);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Round_trips_with_the_exact_announced_length(string suite, int size)
    {
        var codec = suite == "aead" ? Gcm : ChaCha;
        var plaintext = Payloads.Random(size, size);
        var payload = Payloads.Encode(codec, plaintext);

        Assert.Equal(codec.EncodedLength(size), payload.Length);
        Assert.Equal(size, codec.DecodedLength(payload.Length));
        Assert.Equal(plaintext, await Payloads.DecodeAsync(codec, payload, plainLength: size));
    }

    [Fact]
    public async Task Each_suite_reads_the_other()
    {
        var plaintext = Payloads.Random(70_000, 7);
        Assert.Equal(plaintext, await Payloads.DecodeAsync(ChaCha, Payloads.Encode(Gcm, plaintext)));
        Assert.Equal(plaintext, await Payloads.DecodeAsync(Gcm, Payloads.Encode(ChaCha, plaintext)));
    }

    [Fact]
    public async Task Same_plaintext_never_gives_the_same_payload()
    {
        var plaintext = Payloads.Random(1000, 1);
        var a = Payloads.Encode(Gcm, plaintext);
        var b = Payloads.Encode(Gcm, plaintext);
        Assert.NotEqual(a, b);
        Assert.Equal(plaintext, await Payloads.DecodeAsync(Gcm, b));
    }

    [Fact]
    public async Task Async_reads_of_the_encoder_give_the_same_bytes()
    {
        var plaintext = Payloads.Random(200_000, 3);
        await using var encoded = Gcm.Encode(new MemoryStream(plaintext), Payloads.Info("dir/file.bin", plaintext.Length));
        var output = new MemoryStream();
        var buffer = new byte[1000]; // odd size: reads straddle chunk boundaries
        int n;
        while ((n = await encoded.ReadAsync(buffer)) > 0)
        {
            output.Write(buffer, 0, n);
        }

        Assert.Equal(encoded.Length, output.Length);
        Assert.Equal(plaintext, await Payloads.DecodeAsync(Gcm, output.ToArray()));
    }

    [Fact]
    public async Task Files_on_disk_round_trip_through_asynchronous_streams()
    {
        using var dir = new Escale.Testing.TempDir("crypto-aead-files");
        var plaintext = Payloads.Random((3 << 20) + 12345, 4);
        var (source, payloadFile, target) = (Path.Combine(dir.Path, "a"), Path.Combine(dir.Path, "a.aead"), Path.Combine(dir.Path, ".tmp-a"));
        await File.WriteAllBytesAsync(source, plaintext);
        var info = Payloads.Info("a", plaintext.Length);
        await using (var input = new FileStream(source, FileMode.Open, FileAccess.Read, FileShare.Read, 4096, useAsync: true))
        await using (var encoded = ChaCha.Encode(input, info))
        await using (var output = new FileStream(payloadFile, FileMode.CreateNew, FileAccess.Write, FileShare.None, 4096, useAsync: true))
        {
            await encoded.CopyToAsync(output);
        }

        await using (var payload = new FileStream(payloadFile, FileMode.Open, FileAccess.Read, FileShare.Read, 4096, useAsync: true))
        await using (var destination = new FileStream(target, FileMode.CreateNew, FileAccess.Write, FileShare.None, 4096, useAsync: true))
        {
            await ChaCha.DecodeAsync(payload, destination, info, CancellationToken.None);
        }

        Assert.Equal(ChaCha.EncodedLength(plaintext.Length), new FileInfo(payloadFile).Length);
        Assert.Equal(plaintext, await File.ReadAllBytesAsync(target));
    }

    [Fact]
    public async Task Concurrent_transfers_share_one_codec()
    {
        var inputs = Enumerable.Range(0, 8).Select(i => Payloads.Random(100_000 + i, i)).ToArray();
        var outputs = await Task.WhenAll(inputs.Select((p, i) => Task.Run(async () =>
            await Payloads.DecodeAsync(Gcm, Payloads.Encode(Gcm, p, $"f{i}"), $"f{i}"))));
        Assert.Equal(inputs, outputs);
    }

    [Theory]
    [InlineData(100, 99)]
    [InlineData(100, 101)]
    [InlineData(65536, 65537)]
    [InlineData(131072, 65536)]
    public void A_plaintext_that_changed_length_fails_the_push(int declared, int actual)
    {
        using var encoded = Gcm.Encode(new MemoryStream(new byte[actual]), Payloads.Info("f", declared));
        var error = Assert.Throws<IOException>(() => encoded.CopyTo(Stream.Null));
        Assert.Contains("changed while being pushed", error.Message);
    }

    [Fact]
    public void Decoded_length_inverts_encoded_length_and_refuses_impossible_sizes()
    {
        foreach (var size in new long[] { 0, 1, 15, 16, 17, 65535, 65536, 65537, 131072, 131073, 5L << 32 })
        {
            Assert.Equal(size, Gcm.DecodedLength(Gcm.EncodedLength(size)));
        }

        Assert.Null(Gcm.DecodedLength(0));
        Assert.Null(Gcm.DecodedLength(AeadLayout.HeaderSize + 15));
        Assert.Null(Gcm.DecodedLength(AeadLayout.HeaderSize + 65552 + 16)); // an empty chunk after a full one
        Assert.Null(Gcm.DecodedLength(AeadLayout.HeaderSize + 65552 + 5));
    }
}
