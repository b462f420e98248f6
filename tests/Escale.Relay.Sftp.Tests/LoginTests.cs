using Escale.Core.Paths;

namespace Escale.Relay.Sftp.Tests;

/// <summary>Logins and host keys against the real sshd: what works, and the one line for what does not.</summary>
[Collection("sshd")]
public sealed class LoginTests(SftpServer server)
{
    [SkippableFact]
    public async Task Key_file_with_passphrase_logs_in_without_a_password()
    {
        var config = TestConfigs.For(server, TestConfigs.UniqueDir(), auth: $"ssh key = {server.ClientKey}\nssh key passphrase = {server.ClientKeyPassphrase}");
        await using var store = await TestConfigs.ConnectAsync(config);
        await store.WriteAsync(RelayPath.Parse("k.txt"), new MemoryStream("key"u8.ToArray()), WriteMode.Overwrite, CancellationToken.None);
        Assert.Contains("login: ssh key", store.ProbeReport);
    }

    [SkippableFact]
    public async Task Wrong_key_passphrase_is_one_authentication_line()
    {
        var config = TestConfigs.For(server, TestConfigs.UniqueDir(), auth: $"ssh key = {server.ClientKey}\nssh key passphrase = not-the-phrase");
        var e = await Assert.ThrowsAsync<RelayException>(() => TestConfigs.ConnectAsync(config));
        Assert.Equal(RelayErrorKind.Authentication, e.Kind);
        Assert.Contains(server.ClientKey, e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', e.Message);
    }

    [SkippableFact]
    public async Task Wrong_password_is_an_authentication_error()
    {
        var config = TestConfigs.For(server, TestConfigs.UniqueDir(), auth: "password = wrong");
        var e = await Assert.ThrowsAsync<RelayException>(() => TestConfigs.ConnectAsync(config));
        Assert.Equal(RelayErrorKind.Authentication, e.Kind);
        Assert.DoesNotContain("wrong", e.Message, StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task A_pinned_key_that_does_not_match_is_refused()
    {
        var other = "SHA256:" + new string('A', 43);
        var config = TestConfigs.For(server, TestConfigs.UniqueDir(), hostKey: $"host key = {other}");
        var e = await Assert.ThrowsAsync<RelayException>(() => TestConfigs.ConnectAsync(config));
        Assert.Equal(RelayErrorKind.Permanent, e.Kind);
        Assert.Contains("does NOT match", e.Message, StringComparison.Ordinal);
        Assert.Contains(server.HostKeyFingerprint, e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', e.Message);
    }

    [SkippableFact]
    public async Task An_unknown_host_is_refused_with_the_fingerprint_to_pin()
    {
        var empty = Path.Combine(Path.GetTempPath(), "escale-empty-known-hosts-" + Guid.NewGuid().ToString("N"));
        File.WriteAllText(empty, "# nothing known\n");
        try
        {
            var config = TestConfigs.For(server, TestConfigs.UniqueDir(), hostKey: $"known hosts = {empty}");
            var e = await Assert.ThrowsAsync<RelayException>(() => TestConfigs.ConnectAsync(config));
            Assert.Equal(RelayErrorKind.Permanent, e.Kind);
            Assert.Contains($"'host key = {server.HostKeyFingerprint}'", e.Message, StringComparison.Ordinal);
            Assert.DoesNotContain('\n', e.Message);
        }
        finally
        {
            File.Delete(empty);
        }
    }

    [SkippableFact]
    public async Task A_changed_key_in_known_hosts_is_refused()
    {
        var changed = Path.Combine(Path.GetTempPath(), "escale-changed-known-hosts-" + Guid.NewGuid().ToString("N"));
        // A different ed25519 key recorded for this host and port: the server's key is not it.
        File.WriteAllText(changed, $"[127.0.0.1]:{server.Port} ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIGv9JtZ0OBqQ9cHvxmDkq6R2Rr1bJw5c3p5lX8l1vQ0E\n");
        try
        {
            var config = TestConfigs.For(server, TestConfigs.UniqueDir(), hostKey: $"known hosts = {changed}");
            var e = await Assert.ThrowsAsync<RelayException>(() => TestConfigs.ConnectAsync(config));
            Assert.Contains("differs from the one in", e.Message, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(changed);
        }
    }

    [SkippableFact]
    public async Task Known_hosts_file_lets_the_server_in()
    {
        var config = TestConfigs.For(server, TestConfigs.UniqueDir(), hostKey: $"known hosts = {server.KnownHosts}");
        await using var store = await TestConfigs.ConnectAsync(config);
        Assert.Contains(store.ProbeReport, l => l.Contains("found in " + server.KnownHosts, StringComparison.Ordinal));
    }
}
