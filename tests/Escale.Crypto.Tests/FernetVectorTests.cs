using System.Text;
using Escale.Crypto.Fernet;

namespace Escale.Crypto.Tests;

/// <summary>The published Fernet acceptance vectors (github.com/fernet/spec: generate.json, verify.json, invalid.json).</summary>
public sealed class FernetVectorTests
{
    private const string Secret = "cw_0x689RpI-jtRR7oE8h_eQsKImvJapLeSbXpwF4e4=";
    private const string HelloToken = "gAAAAAAdwJ6wAAECAwQFBgcICQoLDA0ODy021cpGVWKZ_eEwCGM4BLLF_5CV9dOPmrhuVUPgJobwOz7JcbmrR64jVmpU4IwqDA==";
    private static readonly long Now = DateTimeOffset.Parse("1985-10-26T01:20:00-07:00", System.Globalization.CultureInfo.InvariantCulture).ToUnixTimeSeconds();
    private static readonly byte[] Key = FernetCodec.ParseKey(Encoding.ASCII.GetBytes(Secret))!;
    private static readonly FernetCodec Codec = new(Key, "sha512");

    [Fact]
    public void Generate_vector()
    {
        var iv = Enumerable.Range(0, 16).Select(i => (byte)i).ToArray();
        using var stream = new FernetEncodeStream(new MemoryStream("hello"u8.ToArray()), Payloads.Info("x", 5), Key, Now, iv);
        var output = new MemoryStream();
        stream.CopyTo(output);
        Assert.Equal(HelloToken, Encoding.ASCII.GetString(output.ToArray()));
        Assert.Equal(output.Length, Codec.EncodedLength(5));
    }

    [Fact]
    public async Task Verify_vector()
    {
        Assert.Equal("hello"u8.ToArray(), await Payloads.DecodeAsync(Codec, Encoding.ASCII.GetBytes(HelloToken), plainLength: 5));
    }

    [Theory]
    [InlineData("incorrect mac", "gAAAAAAdwJ6xAAECAwQFBgcICQoLDA0OD3HkMATM5lFqGaerZ-fWPAl1-szkFVzXTuGb4hR8AKtwcaX1YdykQUFBQUFBQUFBQQ==")]
    [InlineData("too short", "gAAAAAAdwJ6xAAECAwQFBgcICQoLDA0OD3HkMATM5lFqGaerZ-fWPA==")]
    [InlineData("invalid base64", "%%%%%%%%%%%%%AECAwQFBgcICQoLDA0OD3HkMATM5lFqGaerZ-fWPAl1-szkFVzXTuGb4hR8AKtwcaX1YdykRtfsH-p1YsUD2Q==")]
    [InlineData("payload size not multiple of block size", "gAAAAAAdwJ6xAAECAwQFBgcICQoLDA0OD3HkMATM5lFqGaerZ-fWPOm73QeoCk9uGib28Xe5vz6oxq5nmxbx_v7mrfyudzUm")]
    [InlineData("payload padding error", "gAAAAAAdwJ6xAAECAwQFBgcICQoLDA0ODz4LEpdELGQAad7aNEHbf-JkLPIpuiYRLQ3RtXatOYREu2FWke6CnJNYIbkuKNqOhw==")]
    [InlineData("incorrect IV (causes padding error)", "gAAAAAAdwJ6xBQECAwQFBgcICQoLDA0OD3HkMATM5lFqGaerZ-fWPAkLhFLHpGtDBRLRTZeUfWgHSv49TF2AUEZ1TIvcZjK1zQ==")]
    [InlineData("trailing characters after b64 padding", HelloToken + "trailingdata")]
    [InlineData("invalid characters in b64", "*gAAAAAAdwJ6wAAECAwQFBgcI!CQoLDA0ODy021?cpGVWKZ_eEwC@GM4BLLF_5CV9dOPmrhuVUPgJobwOz7JcbmrR64jVmpU4IwqDA==")]
    [InlineData("invalid non-urlsafe characters in b64", "gAAAAAAdwJ6wAAEC/AwQFBgcICQoLDA0ODy+021cpGVWKZ_eEwCGM4BLLF_5CV9dOPmrhuVUPgJobwOz7JcbmrR64jVmpU4IwqDA==")]
    public async Task Invalid_vectors_are_refused(string description, string token)
    {
        var (error, written) = await Payloads.DecodeFailureAsync(Codec, Encoding.ASCII.GetBytes(token));
        Assert.False(string.IsNullOrEmpty(error.Message), description);
        Assert.Equal(0, written);
    }

    [Theory]
    [InlineData("far-future TS (unacceptable clock skew)", "gAAAAAAdwStRAAECAwQFBgcICQoLDA0OD3HkMATM5lFqGaerZ-fWPAnja1xKYyhd-Y6mSkTOyTGJmw2Xc2a6kBd-iX9b_qXQcw==")]
    [InlineData("expired TTL", "gAAAAAAdwJ6xAAECAwQFBgcICQoLDA0OD3HkMATM5lFqGaerZ-fWPAl1-szkFVzXTuGb4hR8AKtwcaX1YdykRtfsH-p1YsUD2Q==")]
    public async Task Time_only_vectors_are_accepted_because_relay_payloads_have_no_ttl(string description, string token)
    {
        // these are authentic tokens refused by the spec only for their time; the original reads without a TTL
        var plaintext = await Payloads.DecodeAsync(Codec, Encoding.ASCII.GetBytes(token));
        Assert.True(plaintext.Length < 16, description);
    }

    [Theory]
    [InlineData("")]
    [InlineData("cw_0x689RpI-jtRR7oE8h_eQsKImvJapLeSbXpwF4e4")]     // no padding
    [InlineData("cw_0x689RpI+jtRR7oE8h_eQsKImvJapLeSbXpwF4e4=")]    // standard alphabet
    [InlineData("cw_0x689RpI-jtRR7oE8h_eQsKImvJapLeSbXpwF4e4==")]   // 45 characters
    public void Malformed_keys_are_refused(string text) =>
        Assert.Null(FernetCodec.ParseKey(Encoding.ASCII.GetBytes(text)));
}
