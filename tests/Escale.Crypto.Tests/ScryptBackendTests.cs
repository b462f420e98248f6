using System.Text;
using Escale.Crypto.Aead;

namespace Escale.Crypto.Tests;

/// <summary>scrypt runs through OpenSSL where it is there (issue 12): same output as the managed one.</summary>
public sealed class ScryptBackendTests
{
    [Theory]
    [InlineData("", "", 15, 8, 1)]
    [InlineData("pleaseletmein", "SodiumChloride", 15, 8, 2)]
    [InlineData("escale golden passphrase", "escale aead v1 repository key", 16, 8, 1)]
    public void OpenSsl_and_managed_scrypt_agree(string passphrase, string salt, int log2N, int r, int p)
    {
        var (pass, s, parameters) = (Encoding.UTF8.GetBytes(passphrase), Encoding.UTF8.GetBytes(salt), new KdfParameters(log2N, r, p));
        var native = Scrypt.NativeOrNull(pass, s, parameters);
        Assert.True(native is not null || !OperatingSystem.IsLinux(), "libcrypto's EVP_PBE_scrypt should be found on Linux");
        if (native is not null)
        {
            Assert.Equal(Scrypt.Managed(pass, s, parameters), native);
        }

        Assert.Equal(Scrypt.Managed(pass, s, parameters), Scrypt.Derive(pass, s, parameters));
    }
}
