using System.Text.RegularExpressions;

namespace Escale.Relay.WebDav.Tests;

/// <summary>The examples of RFC 7616 section 3.9.1 (MD5 and SHA-256, qop=auth).</summary>
public sealed class DigestChallengeTests
{
    private const string Challenge =
        "realm=\"http-auth@example.org\", qop=\"auth, auth-int\", algorithm={0}, " +
        "nonce=\"7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v\", opaque=\"FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS\"";

    [Theory]
    [InlineData("MD5", "8ca523f5e9506fed4657c9700eebdbec")]
    [InlineData("SHA-256", "753927fa0e85d155564e2e272a28d1802ca10daf4496794697cf8db5856cb6c1")]
    public void Answers_match_the_rfc_examples(string algorithm, string expected)
    {
        var challenge = DigestChallenge.Parse(string.Format(System.Globalization.CultureInfo.InvariantCulture, Challenge, algorithm))!;
        var answer = challenge.Answer("Mufasa", "Circle of Life", "GET", "/dir/index.html", cnonce: "f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ");
        Assert.Contains($"response=\"{expected}\"", answer, StringComparison.Ordinal);
        Assert.Contains("nc=00000001", answer, StringComparison.Ordinal);
        Assert.Contains("opaque=\"FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS\"", answer, StringComparison.Ordinal);
        var second = challenge.Answer("Mufasa", "Circle of Life", "GET", "/dir/index.html");
        Assert.Matches(new Regex("nc=00000002"), second);
    }

    [Fact]
    public void Unsupported_challenges_are_declined()
    {
        Assert.Null(DigestChallenge.Parse("realm=\"r\", nonce=\"n\", algorithm=SHA-512-256"));
        Assert.Null(DigestChallenge.Parse("realm=\"r\", nonce=\"n\", qop=\"auth-int\""));
        Assert.Null(DigestChallenge.Parse("realm=\"r\""));
        Assert.True(DigestChallenge.Parse("realm=\"r\", nonce=\"n\", stale=TRUE")!.Stale);
    }
}
