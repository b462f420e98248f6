using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using Escale.Crypto.Fernet;
using Escale.Testing;

namespace Escale.Crypto.Tests;

public sealed class FernetRoundTripTests
{
    private static readonly byte[] Key = RandomNumberGenerator.GetBytes(32);
    private static readonly FernetCodec Codec = new(Key, "sha512");

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(15)]
    [InlineData(16)]
    [InlineData(65535)]
    [InlineData(65536)]
    [InlineData(65537)]
    [InlineData(49152)]
    [InlineData(10 << 20)]
    public async Task Round_trips_and_agrees_with_the_reference_both_ways(int size)
    {
        var plaintext = Payloads.Random(size, size);
        var payload = Payloads.Encode(Codec, plaintext);
        Assert.Equal(Codec.EncodedLength(size), payload.Length);
        Assert.Equal(plaintext, await Payloads.DecodeAsync(Codec, payload, plainLength: size));
        Assert.Equal(plaintext, FernetReference.Decrypt(Key, Encoding.ASCII.GetString(payload)));

        var reference = FernetReference.Encrypt(Key, plaintext, 1_700_000_000, RandomNumberGenerator.GetBytes(16));
        Assert.Equal(plaintext, await Payloads.DecodeAsync(Codec, Encoding.ASCII.GetBytes(reference)));
    }

    [Fact]
    public async Task The_spool_sits_next_to_a_file_destination_and_is_gone_afterwards()
    {
        using var dir = new TempDir("crypto-fernet");
        var target = Path.Combine(dir.Path, ".escale-tmp-1");
        var payload = Payloads.Encode(Codec, Payloads.Random(300_000, 1));
        await using (var destination = new FileStream(target, FileMode.CreateNew, FileAccess.Write))
        {
            await Codec.DecodeAsync(new MemoryStream(payload), destination, Payloads.Info("f", 300_000), CancellationToken.None);
        }

        Assert.Equal([target], Directory.GetFiles(dir.Path));
        Assert.Equal(300_000, new FileInfo(target).Length);
    }

    [Fact]
    public async Task Nothing_is_decrypted_when_the_mac_at_the_very_end_is_wrong()
    {
        var payload = Payloads.Encode(Codec, Payloads.Random(200_000, 2));
        payload[^5] = payload[^5] == (byte)'A' ? (byte)'B' : (byte)'A';
        var (error, written) = await Payloads.DecodeFailureAsync(Codec, payload);
        Assert.Contains("HMAC", error.Message);
        Assert.Equal(0, written);
    }

    [Fact]
    public async Task A_token_for_another_key_is_refused()
    {
        var payload = Payloads.Encode(new FernetCodec(RandomNumberGenerator.GetBytes(32), "sha512"), [1, 2, 3]);
        await Payloads.DecodeFailureAsync(Codec, payload);
    }

    [Fact]
    public void The_checksum_stays_the_plain_hash_of_the_original()
    {
        using var hash = Codec.CreateChecksum();
        hash.AppendData("abc"u8);
        Assert.Equal(Convert.ToHexStringLower(SHA512.HashData("abc"u8)), Checksums.Hex(hash));
    }

    [Fact]
    public async Task Pythons_cryptography_reads_our_tokens_and_we_read_its()
    {
        // python3-cryptography is installed by scripts/setup/crypto.sh: it is the library Escale 0.6 uses
        var keyText = Convert.ToBase64String(Key).Replace('+', '-').Replace('/', '_');
        var plaintext = Payloads.Random(100_000, 3);
        var ours = Encoding.ASCII.GetString(Payloads.Encode(Codec, plaintext));
        const string Script = """
            import sys, base64
            from cryptography.fernet import Fernet
            f = Fernet(sys.argv[1].encode())
            data = sys.stdin.buffer.read()
            sys.stdout.write(base64.b64encode(f.decrypt(data)).decode() + "\n" + f.encrypt(b"from python").decode())
            """;
        var start = new ProcessStartInfo("/usr/bin/python3") { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add(Script);
        start.ArgumentList.Add(keyText);
        using var python = Process.Start(start)!;
        python.StandardInput.Write(ours);
        python.StandardInput.Close();
        var output = python.StandardOutput.ReadToEnd().Split('\n');
        var errors = python.StandardError.ReadToEnd();
        await python.WaitForExitAsync();
        Assert.True(python.ExitCode == 0, "python3 with cryptography failed (run scripts/setup/crypto.sh): " + errors);

        Assert.Equal(plaintext, Convert.FromBase64String(output[0]));
        Assert.Equal("from python"u8.ToArray(), FernetReference.Decrypt(Key, output[1]));
        Assert.Equal("from python"u8.ToArray(), await Payloads.DecodeAsync(Codec, Encoding.ASCII.GetBytes(output[1])));
    }
}
