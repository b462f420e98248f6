using Escale.Core.Config;
using Escale.Crypto.Aead;
using Escale.Testing;

namespace Escale.Crypto.Tests;

public sealed class PayloadCodecsTests : IDisposable
{
    private const string FernetKeyText = "cw_0x689RpI-jtRR7oE8h_eQsKImvJapLeSbXpwF4e4=";
    private readonly TempDir _dir = new("crypto-config");

    public void Dispose() => _dir.Dispose();

    [Theory]
    [InlineData("off", "off")]
    [InlineData("no", "off")]
    [InlineData("on", "fernet")]
    [InlineData("fernet", "fernet")]
    [InlineData("aead", "aead")]
    [InlineData("chacha20-poly1305", "aead-chacha20")]
    public void Each_value_gives_its_codec(string value, string name)
    {
        var keyFile = Write("key", FernetKeyText + "\n");
        Assert.Equal(name, PayloadCodecs.Create(Config($"encryption = {value}\npassphrase = {keyFile}")).Name);
    }

    [Fact]
    public void An_unknown_value_is_one_line_naming_the_file_and_line()
    {
        var error = Assert.Throws<ConfigException>(() => PayloadCodecs.Create(Config("encryption = native\npassphrase = x1234")));
        Assert.Contains("escale.conf:4:", error.Message);
        Assert.Contains("not available", error.Message);
        Assert.DoesNotContain('\n', error.Message);
    }

    [Theory]
    [InlineData("fernet")]
    [InlineData("blowfish")]
    [InlineData("aead")]
    public void A_missing_passphrase_is_an_error_never_plaintext(string value)
    {
        var error = Assert.Throws<ConfigException>(() => PayloadCodecs.Create(Config($"encryption = {value}\nunauthenticated encryption = yes")));
        Assert.Contains("needs a passphrase", error.Message);
    }

    [Fact]
    public void A_fernet_key_file_must_hold_a_fernet_key()
    {
        var bad = Write("bad.key", "not a fernet key\n");
        var error = Assert.Throws<ConfigException>(() => PayloadCodecs.Create(Config($"encryption = fernet\npassphrase = {bad}")));
        Assert.Contains("escale.conf:5:", error.Message);
        Assert.Contains("44-character", error.Message);
    }

    [Fact]
    public async Task A_fernet_key_may_also_be_given_literally_and_a_key_file_may_end_in_crlf()
    {
        var literal = PayloadCodecs.Create(Config($"encryption = fernet\npassphrase = {FernetKeyText}"));
        var file = PayloadCodecs.Create(Config($"encryption = fernet\npassphrase = {Write("k", FernetKeyText + "\r\n")}"));
        Assert.Equal([7], await Payloads.DecodeAsync(file, Payloads.Encode(literal, [7])));
    }

    [Fact]
    public void A_missing_key_file_is_not_taken_as_the_passphrase()
    {
        var error = Assert.Throws<ConfigException>(() => PayloadCodecs.Create(Config("encryption = aead\npassphrase = /no/such/escale.key")));
        Assert.Contains("not found", error.Message);
    }

    [Fact]
    public void Blowfish_writing_needs_the_opt_in_and_warns()
    {
        var error = Assert.Throws<ConfigException>(() => PayloadCodecs.Create(Config("encryption = blowfish\npassphrase = secret-words")));
        Assert.Contains("unauthenticated encryption = yes", error.Message);

        var readOnly = PayloadCodecs.Create(Config("encryption = blowfish\npassphrase = secret-words\nmode = download"));
        Assert.False(readOnly.CanEncode);

        var warnings = new List<string>();
        var writer = PayloadCodecs.Create(Config("encryption = blowfish\npassphrase = secret-words\nunauthenticated encryption = yes"), warn: warnings.Add);
        Assert.True(writer.CanEncode);
        Assert.Contains("unauthenticated", Assert.Single(warnings));
    }

    [Fact]
    public void A_blowfish_passphrase_longer_than_56_bytes_is_refused()
    {
        var error = Assert.Throws<ConfigException>(() => PayloadCodecs.Create(Config($"encryption = blowfish\npassphrase = {new string('x', 57)}\nmode = download")));
        Assert.Contains("4 to 56 bytes", error.Message);
    }

    [Fact]
    public async Task Aead_nodes_configured_with_the_same_key_file_share_files_and_checksums()
    {
        var keyFile = Write("pass", "a long shared passphrase\n");
        var node1 = PayloadCodecs.Create(Config($"encryption = aead\npassphrase = {keyFile}"), _dir.Sub("state1"), kdf: KdfParameters.Fastest);
        var node2 = PayloadCodecs.Create(Config("encryption = aead-chacha20\npassphrase = a long shared passphrase"), _dir.Sub("state2"), kdf: KdfParameters.Fastest);
        Assert.Equal([9, 9], await Payloads.DecodeAsync(node2, Payloads.Encode(node1, [9, 9])));
        Assert.True(File.Exists(Path.Combine(_dir.Path, "state1", "aead-key")));
        Assert.Equal(Hash(node1), Hash(node2));
    }

    private static string Hash(IPayloadCodec codec)
    {
        using var hash = codec.CreateChecksum();
        hash.AppendData("x"u8);
        return Checksums.Hex(hash);
    }

    private RepositoryConfig Config(string lines)
    {
        var text = $"[repo]\nlocal path = {_dir.Path}/local\nrelay dir = {_dir.Path}/relay\n{lines}\n";
        return EscaleConfig.Parse(text, Path.Combine(_dir.Path, "escale.conf")).Repositories[0];
    }

    private string Write(string name, string content)
    {
        var path = Path.Combine(_dir.Path, name);
        File.WriteAllText(path, content);
        return path;
    }
}
