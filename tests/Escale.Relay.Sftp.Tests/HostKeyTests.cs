using System.Security.Cryptography;
using System.Text;

namespace Escale.Relay.Sftp.Tests;

/// <summary>The host key decision as a table (pure function): known_hosts forms OpenSSH writes.</summary>
public sealed class HostKeyTests
{
    private static readonly byte[] Key = RandomNumberGenerator.GetBytes(51);
    private static readonly byte[] OtherKey = RandomNumberGenerator.GetBytes(51);

    private static string Line(string hosts, byte[] key, string type = "ssh-ed25519") => $"{hosts} {type} {Convert.ToBase64String(key)}";

    [Theory]
    [InlineData("[127.0.0.1]:2222", true)]
    [InlineData("127.0.0.1", false)] // port 22 entry does not cover port 2222
    [InlineData("other,[127.0.0.1]:2222", true)]
    [InlineData("[127.0.0.*]:2222", true)]
    [InlineData("[127.0.0.*]:2222,![127.0.0.1]:2222", false)]
    public void Plain_and_pattern_host_names(string hosts, bool trusted)
    {
        var v = SftpHostKeys.Decide("[127.0.0.1]:2222", "ssh-ed25519", Key, null, "kh", [Line(hosts, Key)]);
        Assert.Equal(trusted, v.Trusted);
    }

    [Fact]
    public void Hashed_host_names_as_ssh_keygen_H_writes_them()
    {
        var salt = RandomNumberGenerator.GetBytes(20);
        using var hmac = new HMACSHA1(salt);
        var hash = hmac.ComputeHash(Encoding.UTF8.GetBytes("example.org"));
        var field = $"|1|{Convert.ToBase64String(salt)}|{Convert.ToBase64String(hash)}";
        Assert.True(SftpHostKeys.Decide("example.org", "ssh-ed25519", Key, null, "kh", [Line(field, Key)]).Trusted);
        Assert.False(SftpHostKeys.Decide("example.net", "ssh-ed25519", Key, null, "kh", [Line(field, Key)]).Trusted);
    }

    [Fact]
    public void Revoked_changed_and_unknown_are_refused_in_one_line()
    {
        var revoked = SftpHostKeys.Decide("h", "ssh-ed25519", Key, null, "kh", ["@revoked " + Line("h", Key)]);
        Assert.Contains("@revoked", revoked.Refusal);
        var changed = SftpHostKeys.Decide("h", "ssh-ed25519", Key, null, "kh", [Line("h", OtherKey)]);
        Assert.Contains("differs", changed.Refusal);
        var unknown = SftpHostKeys.Decide("h", "ssh-ed25519", Key, null, "kh", [Line("h", OtherKey, "ssh-rsa")]);
        Assert.Contains("unknown host key", unknown.Refusal);
        Assert.Contains(SftpHostKeys.Fingerprint(Key), unknown.Refusal);
        Assert.All(new[] { revoked, changed, unknown }, v => Assert.DoesNotContain('\n', v.Refusal!));
    }

    [Fact]
    public void Pin_wins_over_known_hosts()
    {
        var pin = SftpHostKeys.Fingerprint(Key);
        Assert.Matches("^SHA256:[A-Za-z0-9+/]{43}$", pin);
        Assert.True(SftpHostKeys.Decide("h", "ssh-ed25519", Key, pin, "kh", null).Trusted);
        Assert.False(SftpHostKeys.Decide("h", "ssh-ed25519", OtherKey, pin, "kh", [Line("h", OtherKey)]).Trusted);
    }
}
