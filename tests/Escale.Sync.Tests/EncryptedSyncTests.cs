using System.Text;
using Escale.Core.Config;
using Escale.Crypto;
using Escale.Crypto.Aead;

namespace Escale.Sync.Tests;

/// <summary>Multi-node scenarios with encryption on, over a local relay (issue: end-to-end encryption).</summary>
public sealed class EncryptedSyncTests : IDisposable
{
    private readonly Network _net = new();
    private readonly List<string> _keyDirs = [];

    public void Dispose() => _net.Dispose();

    private Func<IPayloadCodec> Codec(string encryption, string passphrase, string node)
    {
        var keyDir = Path.Combine(_net.RelayDir, "..", "keys-" + node);
        _keyDirs.Add(keyDir);
        var config = EscaleConfig.Parse($"[r]\nlocal path = /tmp/x\nrelay dir = /tmp/y\nencryption = {encryption}\npassphrase = {passphrase}\n", "test.conf").Repositories[0];
        return () => PayloadCodecs.Create(config, keyDir, null, KdfParameters.Fastest);
    }

    [Theory]
    [InlineData("aead")]
    [InlineData("aead-chacha20")]
    public async Task Aead_payloads_are_ciphertext_and_cross_with_keyed_checksums(string suite)
    {
        var a = _net.Add("A", codec: Codec(suite, "correct horse battery staple", "A"));
        var b = _net.Add("B", codec: Codec(suite, "correct horse battery staple", "B"));
        var secret = "top secret contents " + new string('z', 200_000);
        a.Write("plans/secret.txt", secret);
        await a.SyncAsync();

        var onRelay = File.ReadAllBytes(_net.RelayPath("plans/secret.txt"));
        Assert.DoesNotContain("top secret", Encoding.Latin1.GetString(onRelay), StringComparison.Ordinal);
        var plainSha512 = Convert.ToHexStringLower(System.Security.Cryptography.SHA512.HashData(Encoding.UTF8.GetBytes(secret)));
        Assert.DoesNotContain(plainSha512, _net.RelayText("plans/.secret.txt.placeholder"), StringComparison.Ordinal);

        var r = await b.SyncAsync();
        Assert.Equal(1, r.Pulled);
        Assert.Equal(secret, b.Read("plans/secret.txt"));
        Assert.False(_net.RelayHas("plans/secret.txt"));

        // A modification by B goes back to A.
        b.Write("plans/secret.txt", "edited by B", DateTime.UtcNow.AddSeconds(-5));
        await b.SyncAsync();
        await a.SyncAsync();
        Assert.Equal("edited by B", a.Read("plans/secret.txt"));
    }

    [Fact]
    public async Task Wrong_passphrase_gives_a_clear_error_and_keeps_the_relay_copy()
    {
        var a = _net.Add("A", o => o with { PullerCount = 2 }, Codec("aead", "right passphrase", "A"));
        var wrong = _net.Add("W", o => o with { PullerCount = 2 }, Codec("aead", "wrong passphrase", "W"));
        var b = _net.Add("B", o => o with { PullerCount = 2 }, Codec("aead", "right passphrase", "B"));
        a.Write("doc.txt", "for the right people");
        await a.SyncAsync();
        var before = File.ReadAllBytes(_net.RelayPath("doc.txt"));

        var r = await wrong.SyncAsync();
        Assert.Equal(1, r.Failed);
        var failure = Assert.Single(r.Failures);
        Assert.Contains("passphrase", failure, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain('\n', failure);
        Assert.False(wrong.Has("doc.txt"));
        Assert.Empty(Directory.GetFiles(wrong.Root, "*", SearchOption.AllDirectories));
        Assert.Equal(before, File.ReadAllBytes(_net.RelayPath("doc.txt")));
        Assert.DoesNotContain("\nW", _net.RelayText(".doc.txt.placeholder"), StringComparison.Ordinal);
        Assert.False(_net.RelayHas(".doc.txt.lock"));

        await b.SyncAsync();
        Assert.Equal("for the right people", b.Read("doc.txt"));
    }

    [Fact]
    public async Task Tampered_aead_payload_is_refused()
    {
        var a = _net.Add("A", codec: Codec("aead", "pw", "A"));
        var b = _net.Add("B", codec: Codec("aead", "pw", "B"));
        a.Write("t.bin", new string('q', 100_000));
        await a.SyncAsync();
        var bytes = File.ReadAllBytes(_net.RelayPath("t.bin"));
        bytes[bytes.Length / 2] ^= 0x01;
        File.WriteAllBytes(_net.RelayPath("t.bin"), bytes);
        var r = await b.SyncAsync();
        Assert.Equal(1, r.Failed);
        Assert.False(b.Has("t.bin"));
        Assert.Equal(bytes, File.ReadAllBytes(_net.RelayPath("t.bin")));
    }

    [Fact]
    public async Task Fernet_nodes_share_a_relay_with_plain_sha512_checksums()
    {
        var keyFile = Path.Combine(_net.RelayDir, "..", "fernet.key");
        File.WriteAllText(keyFile, Convert.ToBase64String(Enumerable.Range(0, 32).Select(i => (byte)i).ToArray()).Replace('+', '-').Replace('/', '_') + "\n");
        var a = _net.Add("A", codec: Codec("fernet", keyFile, "A"));
        var b = _net.Add("B", codec: Codec("on", keyFile, "B"));
        a.Write("f.txt", "fernet content");
        await a.SyncAsync();
        Assert.StartsWith("gAAAAA", _net.RelayText("f.txt"));
        var sha = Convert.ToHexStringLower(System.Security.Cryptography.SHA512.HashData(Encoding.UTF8.GetBytes("fernet content")));
        Assert.Contains("checksum: " + sha, _net.RelayText(".f.txt.placeholder"), StringComparison.Ordinal);
        await b.SyncAsync();
        Assert.Equal("fernet content", b.Read("f.txt"));
    }
}
