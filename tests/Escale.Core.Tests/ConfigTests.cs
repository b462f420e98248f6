using Escale.Core.Config;

namespace Escale.Core.Tests;

public sealed class ConfigTests
{
    private static EscaleConfig Parse(string text) => EscaleConfig.Parse(text, "test.conf");

    [Fact]
    public void Global_lines_apply_to_every_section_and_sections_override()
    {
        var c = Parse("""
            log level = debug
            refresh = 10
            [one]
            local path = /tmp/one
            relay dir = /tmp/relay
            [two]
            path = /tmp/two
            relay path = /tmp/relay2
            refresh = 60
            """);
        Assert.Equal(["one", "two"], c.Repositories.Select(r => r.Name));
        Assert.Equal(TimeSpan.FromSeconds(10), c.Repositories[0].Refresh);
        Assert.Equal(TimeSpan.FromSeconds(60), c.Repositories[1].Refresh);
        Assert.Equal("debug", c.Repositories[1].GetOrNull<string>("log level"));
        Assert.Equal("/tmp/two", c.Repositories[1].LocalPath);
        Assert.Equal("/tmp/relay2", c.Repositories[1].RelayDir);
    }

    [Theory]
    [InlineData("host address", "example.org")]
    [InlineData("relay address", "example.org")]
    [InlineData("address", "example.org")]
    [InlineData("Host_Address", "example.org")]
    public void Address_aliases(string key, string value)
    {
        var r = Parse($"[r]\nlocal path = /a\nprotocol = ftp\n{key} = {value}\n").Repositories[0];
        Assert.Equal(value, r.HostAddress);
    }

    [Theory]
    [InlineData("relay dir")]
    [InlineData("relay path")]
    [InlineData("host directory")]
    [InlineData("remote dir")]
    [InlineData("directory")]
    public void Relay_dir_aliases(string key)
    {
        Assert.Equal("/r", Parse($"[r]\nlocal path = /a\n{key} = /r\n").Repositories[0].RelayDir);
    }

    [Theory]
    [InlineData("mode = upload", SyncMode.Upload)]
    [InlineData("push only = yes", SyncMode.Upload)]
    [InlineData("read only = true", SyncMode.Upload)]
    [InlineData("pull only = 1", SyncMode.Download)]
    [InlineData("write only = on", SyncMode.Download)]
    [InlineData("mode = conservative", SyncMode.Conservative)]
    [InlineData("", SyncMode.Shared)]
    public void Modes_and_their_legacy_forms(string line, SyncMode expected)
    {
        Assert.Equal(expected, Parse($"[r]\nlocal path = /a\nrelay dir = /b\n{line}\n").Repositories[0].Mode);
    }

    [Theory]
    [InlineData("disk quota = 500", 500_000_000L)]
    [InlineData("disk quota = 2GB", 2_000_000_000L)]
    [InlineData("quota = 1.5G", 1_500_000_000L)]
    [InlineData("disk quota = 10MiB", 10_485_760L)]
    [InlineData("disk quota = 100kB", 100_000L)]
    public void Quota_units(string line, long bytes)
    {
        Assert.Equal(bytes, Parse($"[r]\nlocal path = /a\nrelay dir = /b\n{line}\n").Repositories[0].DiskQuota);
    }

    [Theory]
    [InlineData("payload expiry = 14d", 14 * 86400)]
    [InlineData("payload expiry = 12h", 12 * 3600)]
    [InlineData("payload expiry = 30m", 1800)]
    [InlineData("payload expiry = 90s", 90)]
    [InlineData("payload expiry = 90", 90)]
    [InlineData("payload expiry = 1d12h", 36 * 3600)]
    [InlineData("payload expiry = 2 days", 2 * 86400)]
    [InlineData("payload expiry = off", null)]
    [InlineData("", null)]
    public void Payload_expiry_takes_any_unit_and_defaults_to_never(string line, int? seconds)
    {
        var expected = seconds is { } s ? TimeSpan.FromSeconds(s) : (TimeSpan?)null;
        Assert.Equal(expected, Parse($"[r]\nlocal path = /a\nrelay dir = /b\n{line}\n").Repositories[0].PayloadExpiry);
    }

    [Fact]
    public void Other_typed_options()
    {
        var r = Parse("""
            [r]
            local path = /a
            relay dir = /b
            pullers = 3
            lock timeout = 2h
            refresh = no
            checksum = SHA-256
            file extension = .TXT, md
            include = report*, /^x\d+$/
            client name = my node
            encryption = on
            """).Repositories[0];
        Assert.Equal(3, r.PullerCount);
        Assert.Equal(TimeSpan.FromHours(2), r.LockTimeout);
        Assert.Equal(TimeSpan.Zero, r.Refresh);
        Assert.Equal("sha256", r.HashAlgorithm);
        Assert.Equal(["txt", "md"], r.FileExtensions);
        Assert.Equal(["report*", "/^x\\d+$/"], r.Include);
        Assert.Equal("my node", r.Client);
        Assert.Equal("fernet", r.Encryption);
    }

    [Fact]
    public void Unknown_option_is_a_warning_with_a_suggestion()
    {
        var c = Parse("[r]\nlocal path = /a\nrelay dir = /b\npuller cont = 2\nfrobnicate = 1\n");
        Assert.Contains(c.Warnings, w => w == "test.conf:4: unknown option 'puller cont' ignored (did you mean 'puller count'?)");
        Assert.Contains(c.Warnings, w => w == "test.conf:5: unknown option 'frobnicate' ignored");
    }

    [Theory]
    [InlineData("port = 70000", "test.conf:4: invalid value '70000' for 'port': allowed: an integer from 1 to 65535")]
    [InlineData("mode = sideways", "test.conf:4: invalid value 'sideways' for 'mode': allowed: shared, conservative, upload, download")]
    [InlineData("encryption = rot13", "test.conf:4: invalid value 'rot13' for 'encryption': allowed: off, on, fernet, blowfish, aead, aead-chacha20")]
    [InlineData("include = /[unclosed/", "test.conf:4: invalid value '/[unclosed/' for 'include': ")]
    [InlineData("disk quota = lots", "test.conf:4: invalid value 'lots' for 'disk quota': allowed: ")]
    [InlineData("payload expiry = soon", "test.conf:4: invalid value 'soon' for 'payload expiry': allowed: a duration with unit s, m, h or d (90s, 30m, 12h, 14d), at most 365d, or off")]
    public void Invalid_value_is_one_line_with_file_line_and_what_is_allowed(string line, string message)
    {
        var e = Assert.Throws<ConfigException>(() => Parse($"[r]\nlocal path = /a\nrelay dir = /b\n{line}\n"));
        Assert.StartsWith(message, e.Message);
        Assert.DoesNotContain('\n', e.Message);
    }

    [Theory]
    [InlineData("", "no repository")]
    [InlineData("[r]\nrelay dir = /b\n", "missing 'local path'")]
    [InlineData("[r]\nlocal path = /a\n", "needs 'relay dir'")]
    [InlineData("[r\nlocal path = /a\n", "test.conf:1: section header without closing ']'")]
    [InlineData("[r]\njust words\n", "test.conf:2: expected 'option = value'")]
    [InlineData("[r]\nlocal path = /a\nrelay dir = /b\n[r]\n", "test.conf:4: section [r] appears twice")]
    public void Structural_errors_are_clear(string text, string fragment)
    {
        var e = Assert.Throws<ConfigException>(() => Parse(text));
        Assert.Contains(fragment, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Select_names_missing_sections_clearly()
    {
        var c = Parse("[a]\nlocal path = /a\nrelay dir = /b\n");
        var e = Assert.Throws<ConfigException>(() => c.Select(["b"]));
        Assert.Equal("test.conf: no section [b] (sections: a)", e.Message);
    }

    [Fact]
    public void Relative_paths_are_relative_to_the_config_file()
    {
        var c = EscaleConfig.Parse("[r]\nlocal path = files\nrelay dir = ../relay\n", "/etc/escale/escale.conf");
        Assert.Equal("/etc/escale/files", c.Repositories[0].LocalPath);
    }

    [Fact]
    public void Continuation_lines_and_comments()
    {
        var r = Parse("# comment\n; other\n[r]\nlocal path = /a\nrelay dir = /b\nexclude = *.tmp,\n  *.bak\n").Repositories[0];
        Assert.Equal(["*.tmp", "*.bak"], r.Exclude);
    }
}
