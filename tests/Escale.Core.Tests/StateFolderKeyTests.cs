using Escale.Core.Config;

namespace Escale.Core.Tests;

/// <summary>Issue 10, scenario 2: the state folder is keyed by section, local folder and relay.</summary>
public sealed class StateFolderKeyTests
{
    private static RepositoryConfig Repo(string section, string local, string relayLines) =>
        EscaleConfig.Parse($"[{section}]\nlocal path = {local}\n{relayLines}\ncache dir = /var/tmp/cache\n", "/etc/x.conf").Repositories[0];

    public static TheoryData<string, string, string, string, string, string, bool> Pairs => new()
    {
        // section, local, relay  vs  section, local, relay  → same state folder?
        { "share", "/home/a/one", "relay dir = /mnt/usb", "share", "/home/a/one", "relay dir = /mnt/usb", true },
        { "share", "/home/a/one", "relay dir = /mnt/usb", "share", "/home/a/two", "relay dir = /mnt/usb", false },
        { "share", "/home/a/one", "relay dir = /mnt/usb", "share", "/home/a/one", "relay dir = /mnt/other", false },
        { "share", "/home/a/one", "relay dir = /mnt/usb", "docs", "/home/a/one", "relay dir = /mnt/usb", false },
        { "share", "/home/a/one", "relay dir = /mnt/usb", "share", "/home/a/one", "relay dir = /mnt/usb/", true },
        { "share", "/home/a/one", "relay dir = /mnt/usb", "share", "/home/a/one", "relay dir = file:///mnt/usb", true },
        { "share", "/home/a/one", "protocol = ftp\nhost address = h\nrelay dir = d", "share", "/home/a/one", "protocol = ftp\nhost address = H\nrelay dir = /d/", true },
        { "share", "/home/a/one", "protocol = ftp\nhost address = h\nrelay dir = d", "share", "/home/a/one", "protocol = ftp\nhost address = h\nport = 2121\nrelay dir = d", false },
        { "share", "/home/a/one", "protocol = ftp\nhost address = h\nuser = a\nrelay dir = d", "share", "/home/a/one", "protocol = ftp\nhost address = h\nuser = b\nrelay dir = d", false },
        { "share", "/home/a/one", "protocol = ftp\nhost address = h\nrelay dir = d", "share", "/home/a/one", "protocol = webdav\nhost address = h\nrelay dir = d", false },
    };

    [Theory]
    [MemberData(nameof(Pairs))]
    public void Same_identity_same_folder_otherwise_another(string s1, string l1, string r1, string s2, string l2, string r2, bool same)
    {
        var a = Repo(s1, l1, r1);
        var b = Repo(s2, l2, r2);
        Assert.Equal(same, a.StateDir == b.StateDir);
        Assert.StartsWith($"/var/tmp/cache/{s1}-", a.StateDir, StringComparison.Ordinal);
        Assert.Equal($"/var/tmp/cache/{s1}", a.LegacyStateDir);
    }

    [Fact]
    public void The_identity_round_trips_through_its_file_and_carries_no_secret()
    {
        var repo = Repo("docs", "/home/a/docs", "protocol = webdav\nhost address = https://dav.example.org/x\nuser = alice\npassword = hunter2\nrelay dir = escale");
        var text = repo.Identity.Format();
        Assert.DoesNotContain("hunter2", text, StringComparison.Ordinal);
        Assert.Equal(repo.Identity, RepositoryIdentity.Parse(text));
        Assert.Equal("webdav://alice@dav.example.org/x/escale", repo.Identity.Relay);
    }
}
