using Escale.Crypto.Aead;

namespace Escale.Crypto.Tests;

/// <summary>What a hostile relay can do to an aead payload, and that each is refused.</summary>
public sealed class AeadTamperTests
{
    private const int Chunk = 1 << AeadLayout.WriterChunkLog2;
    private const int SealedChunk = Chunk + AeadLayout.TagSize;

    [Theory]
    [InlineData(AeadSuite.Aes256Gcm)]
    [InlineData(AeadSuite.ChaCha20Poly1305)]
    public async Task Every_single_bit_flip_of_a_small_payload_is_detected_before_any_output(AeadSuite suite)
    {
        var codec = Payloads.CheapAead(suite);
        var plaintext = Payloads.Random(100, 42);
        var payload = Payloads.Encode(codec, plaintext);
        Assert.Equal(plaintext, await Payloads.DecodeAsync(codec, payload));

        var undetected = new List<int>();
        for (var bit = 0; bit < payload.Length * 8; bit++)
        {
            var tampered = payload.ToArray();
            tampered[bit / 8] ^= (byte)(1 << (bit % 8));
            var output = new MemoryStream();
            try
            {
                await codec.DecodeAsync(new MemoryStream(tampered), output, Payloads.Info("dir/file.bin", -1), CancellationToken.None);
                undetected.Add(bit);
            }
            catch (PayloadIntegrityException)
            {
                Assert.Equal(0, output.Length);
            }
        }

        Assert.Empty(undetected);
    }

    [Fact]
    public async Task Bit_flips_in_every_region_of_a_multi_chunk_payload_are_detected()
    {
        var codec = Payloads.CheapAead(AeadSuite.Aes256Gcm);
        var payload = Payloads.Encode(codec, Payloads.Random((2 * Chunk) + 500, 5));
        var offsets = new[]
        {
            0, 6, 7, 8, 9, 10, 11, 12, 50, 104, 105, 136, 137, 200,
            201, 201 + Chunk - 1, 201 + Chunk, 201 + SealedChunk - 1,
            201 + SealedChunk, 201 + (2 * SealedChunk) - 1, 201 + (2 * SealedChunk), payload.Length - 1,
        };
        foreach (var offset in offsets)
        {
            var tampered = payload.ToArray();
            tampered[offset] ^= 0x80;
            await Payloads.DecodeFailureAsync(codec, tampered);
        }
    }

    [Fact]
    public async Task Truncation_at_every_chunk_boundary_and_inside_chunks_fails()
    {
        var codec = Payloads.CheapAead(AeadSuite.Aes256Gcm);
        var payload = Payloads.Encode(codec, Payloads.Random((3 * Chunk) + 10, 6));
        var cuts = new List<int> { 0, 1, 100, AeadLayout.HeaderSize - 1 };
        for (var i = 0; i <= 3; i++)
        {
            var boundary = AeadLayout.HeaderSize + (i * SealedChunk);
            cuts.AddRange([boundary, boundary + 1, boundary + (Chunk / 2)]);
        }

        cuts.Add(payload.Length - 1);
        foreach (var cut in cuts.Where(c => c < payload.Length))
        {
            var (error, _) = await Payloads.DecodeFailureAsync(codec, payload[..cut]);
            Assert.Contains("truncated", error.Message);
        }
    }

    [Fact]
    public async Task Truncation_and_flips_beyond_the_first_io_batch_fail()
    {
        var codec = Payloads.CheapAead(AeadSuite.Aes256Gcm);
        var batch = AeadLayout.BatchChunks;
        var payload = Payloads.Encode(codec, Payloads.Random(((2 * batch) + 1) * Chunk, 17));
        foreach (var cut in new[] { batch, batch + 1, 2 * batch, (2 * batch) + 1 })
        {
            var end = AeadLayout.HeaderSize + (cut * SealedChunk);
            var (error, _) = await Payloads.DecodeFailureAsync(codec, payload[..(end - (cut == (2 * batch) + 1 ? 1 : 0))]);
            Assert.Contains("truncated", error.Message);
        }

        var flipped = payload.ToArray();
        flipped[AeadLayout.HeaderSize + ((batch + 3) * SealedChunk) + 10] ^= 1;
        var (flipError, _) = await Payloads.DecodeFailureAsync(codec, flipped);
        Assert.Contains($"chunk {batch + 4} of {(2 * batch) + 1}", flipError.Message);
    }

    [Fact]
    public async Task Truncation_of_an_exact_multiple_to_its_full_chunks_fails()
    {
        // two full chunks: cutting the second leaves a payload a naive reader would accept
        var codec = Payloads.CheapAead(AeadSuite.ChaCha20Poly1305);
        var payload = Payloads.Encode(codec, Payloads.Random(2 * Chunk, 8));
        await Payloads.DecodeFailureAsync(codec, payload[..(AeadLayout.HeaderSize + SealedChunk)]);
    }

    [Fact]
    public async Task Appended_bytes_fail()
    {
        var codec = Payloads.CheapAead(AeadSuite.Aes256Gcm);
        var payload = Payloads.Encode(codec, Payloads.Random(1000, 9));
        var (error, _) = await Payloads.DecodeFailureAsync(codec, [.. payload, 0]);
        Assert.Contains("extra bytes", error.Message);
    }

    [Fact]
    public async Task Swapping_two_chunks_fails()
    {
        var codec = Payloads.CheapAead(AeadSuite.Aes256Gcm);
        var payload = Payloads.Encode(codec, Payloads.Random((2 * Chunk) + 1, 10));
        var swapped = payload.ToArray();
        payload.AsSpan(AeadLayout.HeaderSize, SealedChunk).CopyTo(swapped.AsSpan(AeadLayout.HeaderSize + SealedChunk));
        payload.AsSpan(AeadLayout.HeaderSize + SealedChunk, SealedChunk).CopyTo(swapped.AsSpan(AeadLayout.HeaderSize));
        var (error, _) = await Payloads.DecodeFailureAsync(codec, swapped);
        Assert.Contains("chunk 1 of 3", error.Message);
    }

    [Fact]
    public async Task A_chunk_spliced_from_another_file_of_the_same_node_fails()
    {
        var codec = Payloads.CheapAead(AeadSuite.Aes256Gcm);
        var plaintext = Payloads.Random(2 * Chunk, 11);
        var a = Payloads.Encode(codec, plaintext);
        var b = Payloads.Encode(codec, plaintext);
        var spliced = a.ToArray();
        b.AsSpan(AeadLayout.HeaderSize + SealedChunk).CopyTo(spliced.AsSpan(AeadLayout.HeaderSize + SealedChunk));
        var (error, _) = await Payloads.DecodeFailureAsync(codec, spliced);
        Assert.Contains("chunk 2 of 2", error.Message);
    }

    [Fact]
    public async Task A_payload_moved_to_another_name_fails_before_any_output()
    {
        var codec = Payloads.CheapAead(AeadSuite.Aes256Gcm);
        var payload = Payloads.Encode(codec, Payloads.Random(5000, 12), "photos/a.jpg");
        var (error, written) = await Payloads.DecodeFailureAsync(codec, payload, "photos/b.jpg");
        Assert.Contains("another file name", error.Message);
        Assert.Equal(0, written);
        Assert.Equal(5000, (await Payloads.DecodeAsync(codec, payload, "photos/a.jpg")).Length);
    }

    [Fact]
    public async Task A_length_that_disagrees_with_the_placeholder_fails()
    {
        var codec = Payloads.CheapAead(AeadSuite.Aes256Gcm);
        var payload = Payloads.Encode(codec, Payloads.Random(5000, 13));
        var output = new MemoryStream();
        var error = await Assert.ThrowsAsync<PayloadIntegrityException>(() =>
            codec.DecodeAsync(new MemoryStream(payload), output, Payloads.Info("dir/file.bin", 4999), CancellationToken.None));
        Assert.Contains("4999", error.Message);
    }

    [Theory]
    [InlineData(10, 14)] // log2 N below 15
    [InlineData(10, 23)] // log2 N above 22
    [InlineData(10, 60)]
    [InlineData(11, 1)]  // r != 8
    [InlineData(11, 16)]
    [InlineData(12, 0)]  // p outside 1..4
    [InlineData(12, 5)]
    [InlineData(12, 255)]
    public async Task Kdf_parameters_out_of_bounds_are_refused_before_any_derivation(int offset, byte value)
    {
        var writer = new AeadCodec(AeadSuite.Aes256Gcm, "bounds"u8.ToArray(), kdf: KdfParameters.Fastest);
        var payload = Payloads.Encode(writer, Payloads.Random(100, 14));
        payload[offset] = value;

        var reader = new AeadCodec(AeadSuite.Aes256Gcm, "bounds"u8.ToArray(), kdf: KdfParameters.Fastest);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var (error, _) = await Payloads.DecodeFailureAsync(reader, payload);
        clock.Stop();
        Assert.Contains("out of bounds", error.Message);
        Assert.Equal(0, reader.KeyRing.DerivationCount);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(1), $"took {clock.Elapsed}");
    }

    [Fact]
    public async Task A_wrong_passphrase_is_reported_as_such()
    {
        var writer = new AeadCodec(AeadSuite.Aes256Gcm, "right"u8.ToArray(), kdf: KdfParameters.Fastest);
        var reader = new AeadCodec(AeadSuite.Aes256Gcm, "wrong"u8.ToArray(), kdf: KdfParameters.Fastest);
        var payload = Payloads.Encode(writer, Payloads.Random(100, 15));
        var output = new MemoryStream();
        var error = await Assert.ThrowsAsync<WrongKeyException>(() =>
            reader.DecodeAsync(new MemoryStream(payload), output, Payloads.Info("dir/file.bin", -1), CancellationToken.None));
        Assert.Contains("wrong passphrase", error.Message);
        Assert.Equal(0, output.Length);

        // the failed key is not retried per file: the second payload costs no new scrypt
        var before = reader.KeyRing.DerivationCount;
        await Assert.ThrowsAsync<WrongKeyException>(() =>
            reader.DecodeAsync(new MemoryStream(Payloads.Encode(writer, [1, 2, 3])), Stream.Null, Payloads.Info("dir/file.bin", -1), CancellationToken.None));
        Assert.Equal(before, reader.KeyRing.DerivationCount);
    }

    [Theory]
    [InlineData(new byte[0])]
    [InlineData(new byte[] { 1, 2, 3 })]
    public async Task Garbage_and_other_formats_are_refused(byte[] junk)
    {
        var codec = Payloads.CheapAead(AeadSuite.Aes256Gcm);
        await Payloads.DecodeFailureAsync(codec, junk);
        var (error, _) = await Payloads.DecodeFailureAsync(codec, Payloads.Random(1000, 16));
        Assert.Contains("magic", error.Message);
    }
}
