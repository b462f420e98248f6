using Escale.Core.Config;

namespace Escale.Core.Tests;

/// <summary>Issue 10, scenario 4: an unknown option within two edits of a security or relay option is an error.</summary>
public sealed class GuardedOptionTests
{
    [Theory]
    [InlineData("encrytion", "encryption")] // deletion
    [InlineData("encrpytion", "encryption")] // transposition: one edit with Damerau
    [InlineData("encriptoin", "encryption")] // substitution + transposition
    [InlineData("encryptions", "encryption")]
    [InlineData("passphase", "passphrase")]
    [InlineData("pasphrase", "passphrase")]
    [InlineData("kye", "key")]
    [InlineData("keys", "key")]
    [InlineData("protcol", "protocol")]
    [InlineData("protocoll", "protocol")]
    [InlineData("relay dri", "relay dir")]
    [InlineData("relaydir", "relay dir")]
    [InlineData("rely dir", "relay dir")]
    public void A_likely_typo_of_a_guarded_option_is_an_error(string typo, string meant)
    {
        Assert.Equal(meant, GuardedOptions.TypoOf(typo));
        var e = Assert.Throws<ConfigException>(() => EscaleConfig.Parse($"[r]\nlocal path = /tmp/l\nrelay dir = /tmp/r\n{typo} = x\n", "t.conf"));
        Assert.Equal($"t.conf:4: unknown option '{typo}' (did you mean '{meant}'?): a misspelt security or relay option is an error, not a warning", e.Message);
    }

    [Theory]
    [InlineData("frobnicate")]
    [InlineData("puller cont")] // a typo, but not of a guarded option: still a warning
    [InlineData("encryption level")]
    [InlineData("color")]
    [InlineData("verbose")]
    public void Other_unknown_options_stay_warnings(string unknown)
    {
        Assert.Null(GuardedOptions.TypoOf(unknown));
        var c = EscaleConfig.Parse($"[r]\nlocal path = /tmp/l\nrelay dir = /tmp/r\n{unknown} = x\n", "t.conf");
        Assert.Single(c.Warnings, w => w.StartsWith($"t.conf:4: unknown option '{unknown}' ignored", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("encryption", "encryption", 0)]
    [InlineData("ca", "abc", 3)] // optimal string alignment, not full Damerau: no edit of a transposed pair
    [InlineData("ab", "ba", 1)]
    [InlineData("key", "", 3)]
    [InlineData("relay dir", "relay_dir", 1)]
    public void Distance_is_damerau_levenshtein(string a, string b, int expected) =>
        Assert.Equal(expected, GuardedOptions.Distance(a, b));
}
