using Escale.WebDavServer;

namespace Escale.WebDavServer.Tests;

public sealed class MountSecretTests
{
    [Fact]
    public void A_secret_never_starts_with_a_dash_and_is_url_safe()
    {
        // Without the rule about one secret in 64 starts with '-': 5000 draws would show it.
        for (var i = 0; i < 5000; i++)
        {
            var s = MountSecret.Create();
            Assert.Equal(43, s.Length);
            Assert.NotEqual('-', s[0]);
            Assert.All(s, c => Assert.True(char.IsAsciiLetterOrDigit(c) || c is '-' or '_', s));
        }
    }
}
