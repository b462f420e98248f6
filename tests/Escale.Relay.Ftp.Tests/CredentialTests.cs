using Escale.Core.Config;

namespace Escale.Relay.Ftp.Tests;

public sealed class CredentialTests
{
    [Theory]
    [InlineData("pw\n", null, null, "pw")]
    [InlineData("pw\n", "me", "me", "pw")]
    [InlineData("me:pw:with:colons\n", null, "me", "pw:with:colons")]
    [InlineData("me:pw\n", "me", "me", "pw")]
    [InlineData("# comment\n\nyou:x\nme:pw\n", "me", "me", "pw")]
    [InlineData("p:w\n", "me", "me", "p:w")] // a password with a colon when the config names the user
    public void Secret_file_lines(string content, string? user, string? expectedUser, string expectedPassword)
    {
        var file = Path.GetTempFileName();
        try
        {
            File.WriteAllText(file, content);
            var (u, p) = RelayCredentials.FromSecretFile(file, user, "test");
            Assert.Equal(expectedUser, u);
            Assert.Equal(expectedPassword, p);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public void Several_lines_none_for_us_is_a_config_error()
    {
        var file = Path.GetTempFileName();
        try
        {
            File.WriteAllText(file, "a:1\nb:2\n");
            var e = Assert.Throws<ConfigException>(() => RelayCredentials.FromSecretFile(file, "me", "test"));
            Assert.DoesNotContain("1", e.Message.Replace(file, ""));
        }
        finally
        {
            File.Delete(file);
        }
    }
}
