using System.Text;
using Escale.Crypto.Aead;

namespace Escale.Crypto.Tests;

/// <summary>
/// Payloads written once by the aead codec and committed under Golden/: every run must still read
/// them, so the format cannot drift silently. To add a case, list it below and run the tests once
/// with ESCALE_WRITE_GOLDEN=1 (existing files are never rewritten).
/// </summary>
public sealed class GoldenTests
{
    private const string Passphrase = "escale golden passphrase";

    public static TheoryData<string, string> Cases() => new()
    {
        { "aead-gcm-empty", "golden/empty.txt" },
        { "aead-gcm-hello", "golden/hello.txt" },
        { "aead-chacha20-multi", "golden/sub dir/multi chunk.bin" },
        { "aead-gcm-kdf2-hello", "golden/hello.txt" }, // key block of kdf id 2 (HKDF of the repository key)
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Golden_payloads_still_decrypt(string name, string relayPath)
    {
        var reader = new AeadCodec(AeadSuite.Aes256Gcm, Encoding.UTF8.GetBytes(Passphrase), kdf: KdfParameters.Fastest);
        var (plainFile, payloadFile) = (Locate(name + ".plain"), Locate(name + ".aead"));
        if (!File.Exists(payloadFile) && Environment.GetEnvironmentVariable("ESCALE_WRITE_GOLDEN") == "1")
        {
            Generate(name, relayPath, plainFile, payloadFile);
        }

        Assert.True(File.Exists(payloadFile), $"golden file {payloadFile} is missing");
        var plaintext = await File.ReadAllBytesAsync(plainFile);
        var payload = await File.ReadAllBytesAsync(payloadFile);
        Assert.Equal(plaintext, await Payloads.DecodeAsync(reader, payload, relayPath, plaintext.Length));
        await Assert.ThrowsAnyAsync<PayloadIntegrityException>(() => Payloads.DecodeAsync(reader, payload, relayPath + ".moved"));
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task An_independent_python_reader_written_from_the_notes_reads_them(string name, string relayPath)
    {
        var start = new System.Diagnostics.ProcessStartInfo("/usr/bin/python3") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in new[] { Path.Combine(AppContext.BaseDirectory, "Reference", "aead_reader.py"), Passphrase, relayPath, Locate(name + ".aead") })
        {
            start.ArgumentList.Add(argument);
        }

        using var python = System.Diagnostics.Process.Start(start)!;
        var output = new MemoryStream();
        var copy = python.StandardOutput.BaseStream.CopyToAsync(output);
        var errors = await python.StandardError.ReadToEndAsync();
        await copy;
        await python.WaitForExitAsync();
        Assert.True(python.ExitCode == 0, "python reader failed (scripts/setup/crypto.sh installs python3-cryptography): " + errors);
        Assert.Equal(await File.ReadAllBytesAsync(Locate(name + ".plain")), output.ToArray());
    }

    [Fact]
    public void The_keyed_checksum_with_production_parameters_is_pinned()
    {
        var codec = new AeadCodec(AeadSuite.Aes256Gcm, Encoding.UTF8.GetBytes(Passphrase));
        using var hash = codec.CreateChecksum();
        hash.AppendData("Hello, relay.\n"u8);
        Assert.Equal(PinnedChecksum, Checksums.Hex(hash));
    }

    // computed independently with Python (hashlib.scrypt, cryptography HKDF, hmac) from native-notes/aead-format.md
    private const string PinnedChecksum = "23f38e30a495f766f36aa72cadb270bcc793d435804783633c6005f17f2d7eda";

    private static void Generate(string name, string relayPath, string plainFile, string payloadFile)
    {
        var plaintext = name switch
        {
            "aead-gcm-empty" => [],
            "aead-gcm-hello" or "aead-gcm-kdf2-hello" => "Hello, relay.\n"u8.ToArray(),
            _ => Payloads.Random((1 << 16) + 1000, 2024),
        };
        var suite = name.Contains("chacha", StringComparison.Ordinal) ? AeadSuite.ChaCha20Poly1305 : AeadSuite.Aes256Gcm;
        var writer = new AeadCodec(suite, Encoding.UTF8.GetBytes(Passphrase), kdf: KdfParameters.Fastest);
        var source = Path.Combine(SourceFolder(), Path.GetFileName(payloadFile));
        File.WriteAllBytes(Path.ChangeExtension(source, ".plain"), plaintext);
        File.WriteAllBytes(source, Payloads.Encode(writer, plaintext, relayPath));
        File.Copy(Path.ChangeExtension(source, ".plain"), plainFile, overwrite: true);
        File.Copy(source, payloadFile);
    }

    private static string Locate(string file) => Path.Combine(AppContext.BaseDirectory, "Golden", file);

    private static string SourceFolder()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "tests", "Escale.Crypto.Tests", "Golden");
            if (File.Exists(Path.Combine(dir.FullName, "Escale.Mount.sln")))
            {
                Directory.CreateDirectory(candidate);
                return candidate;
            }
        }

        throw new DirectoryNotFoundException("repository root not found above " + AppContext.BaseDirectory);
    }
}
