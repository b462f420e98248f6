using Escale.Agent.Repository;
using Escale.Core.Config;
using Escale.Crypto;
using Escale.Testing;

namespace Escale.Ops.Tests;

/// <summary>The repository marker: its bytes, the key check and the pure comparison, as tables.</summary>
public sealed class RepositoryMarkerTests : IDisposable
{
    private readonly TempDir _dir = new("marker");

    public void Dispose() => _dir.Dispose();

    private RepositoryConfig Repo(string lines)
    {
        var file = Path.Combine(_dir.Path, "m.conf");
        File.WriteAllText(file, $"[m]\nlocal path = {_dir.Path}/l\nrelay dir = {_dir.Path}/r\n{lines}\n");
        return EscaleConfig.Load(file).Repositories[0];
    }

    [Fact]
    public void Marker_text_is_lock_shaped_and_round_trips()
    {
        var m = new RepositoryMarker(1, "aead", "00112233445566778899aabbccddeeff");
        Assert.Equal("escale-repository%1\nencryption: aead\ncheck: 00112233445566778899aabbccddeeff", m.Text());
        Assert.False(m.Text().StartsWith("lock%", StringComparison.Ordinal)); // Escale 0.6 reads the first line as a foreign owner
        Assert.Equal(m, RepositoryMarker.Parse(m.Text()));
        Assert.Equal(new RepositoryMarker(1, "off", null), RepositoryMarker.Parse("escale-repository%1\nencryption: off"));
        Assert.Null(RepositoryMarker.Parse("lock%1.0\nowner: nodeA\nmode: w"));
        Assert.Null(RepositoryMarker.Parse("escale-repository%1"));
    }

    public static TheoryData<string, string, string?> Differences => new()
    {
        // relay marker, this node's marker → expected fragment of the refusal (null: fits)
        { "1 aead K1", "1 aead K1", null },
        { "1 off -", "1 off -", null },
        { "1 aead K1", "1 off -", "is marked 'encryption = aead' but this node has 'encryption = off'" },
        { "1 off -", "1 fernet K1", "is marked 'encryption = off' but this node has 'encryption = fernet'" },
        { "1 aead K1", "1 aead K2", "encrypted with another key" },
        { "1 fernet K1", "1 blowfish K1", "is marked 'encryption = fernet'" },
        { "2 aead K1", "1 aead K1", "newer Escale (repository format 2" },
    };

    [Theory]
    [MemberData(nameof(Differences))]
    public void Difference_names_what_differs(string relay, string mine, string? expected)
    {
        static RepositoryMarker M(string s)
        {
            var p = s.Split(' ');
            return new RepositoryMarker(int.Parse(p[0]), p[1], p[2] == "-" ? null : p[2] == "K1" ? new string('1', 32) : new string('2', 32));
        }

        var why = RepositoryMarker.Difference(M(relay), M(mine), Repo("encryption = off"), "file:///r");
        if (expected is null)
        {
            Assert.Null(why);
        }
        else
        {
            Assert.NotNull(why);
            Assert.Contains(expected, why, StringComparison.Ordinal);
            Assert.DoesNotContain('\n', why);
        }
    }

    [Fact]
    public void Key_check_proves_the_passphrase_without_revealing_it()
    {
        var aead = KeyCheck.Compute(PayloadCodecs.Create(Repo("encryption = aead\npassphrase = one passphrase")));
        var chacha = KeyCheck.Compute(PayloadCodecs.Create(Repo("encryption = aead-chacha20\npassphrase = one passphrase")));
        var other = KeyCheck.Compute(PayloadCodecs.Create(Repo("encryption = aead\npassphrase = another passphrase")));
        Assert.NotNull(aead);
        Assert.Matches("^[0-9a-f]{32}$", aead);
        Assert.Equal(aead, chacha); // one family: each suite reads the other
        Assert.NotEqual(aead, other);
        Assert.DoesNotContain("passphrase", aead, StringComparison.Ordinal);
        Assert.Null(KeyCheck.Compute(PayloadCodecs.Create(Repo("encryption = off"))));
        var fernetKey = Convert.ToBase64String(new byte[32]).Replace('+', '-').Replace('/', '_');
        var fernet = KeyCheck.Compute(PayloadCodecs.Create(Repo($"encryption = fernet\npassphrase = {fernetKey}")));
        Assert.Matches("^[0-9a-f]{32}$", fernet);
        Assert.NotEqual(aead, fernet);
    }
}
