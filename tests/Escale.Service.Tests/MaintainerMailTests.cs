using Escale.Testing;
namespace Escale.Service.Tests;

/// <summary>An agent that aborts mails its maintainer through a real SMTP server (aiosmtpd).</summary>
public sealed class MaintainerMailTests : IDisposable
{
    private readonly Sandbox _box = new();

    public void Dispose() => _box.Dispose();

    [Fact]
    public async Task Abort_on_an_unreachable_relay_mails_the_maintainer_with_the_error_line()
    {
        using var sink = await SmtpSink.StartAsync(Path.Combine(_box.Root, "maildir"));
        var conf = WriteConfig($"maintainer = ops@example.org\nsmtp host = 127.0.0.1\nsmtp port = {sink.Port}");

        var (code, output) = await CliProcess.RunAsync("escale", ["-c", conf, "--once"], env: _box.Env());

        Assert.Equal(3, code);
        // The relay is connected on first use, so the repository's own logger reports it.
        var errorLine = output.Split('\n').Single(l => l.Contains("error [dav]", StringComparison.Ordinal));
        var error = errorLine[(errorLine.IndexOf("error [dav] ", StringComparison.Ordinal) + "error [dav] ".Length)..].Trim();
        Assert.Contains("maintainer ops@example.org notified", output);
        var mail = SmtpSink.DecodeQuotedPrintable(Assert.Single(sink.Messages()));
        Assert.Contains("To: ops@example.org", mail);
        Assert.Contains("Subject: escale: escale aborted on " + Environment.MachineName, mail);
        Assert.Contains("error:         " + error, mail);
        Assert.True(mail.Contains(conf, StringComparison.Ordinal), mail);
    }

    [Fact]
    public async Task A_configuration_error_found_after_start_mails_the_maintainer_too()
    {
        using var sink = await SmtpSink.StartAsync(Path.Combine(_box.Root, "maildir"));
        var conf = _box.File("escale.conf");
        var missingKey = _box.File("keys/missing.key");
        File.WriteAllText(conf, $"""
            maintainer = ops@example.org
            smtp host = 127.0.0.1
            smtp port = {sink.Port}
            [photos]
            local path = {_box.Sub("local")}
            relay dir = {_box.Sub("relay")}
            encryption = aead
            passphrase = {missingKey}
            """);

        var (code, output) = await CliProcess.RunAsync("escale", ["-c", conf, "--once"], env: _box.Env());

        Assert.Equal(2, code);
        Assert.Contains($"passphrase file {missingKey} not found", output);
        var mail = SmtpSink.DecodeQuotedPrintable(Assert.Single(sink.Messages()));
        Assert.Contains($"passphrase file {missingKey} not found", mail);
    }

    [Fact]
    public async Task A_dead_smtp_server_is_logged_and_the_exit_code_stays_the_relays()
    {
        var conf = WriteConfig($"maintainer = ops@example.org\nsmtp host = 127.0.0.1\nsmtp port = {Sandbox.ClosedPort()}");

        var (code, output) = await CliProcess.RunAsync("escale", ["-c", conf, "--once"], env: _box.Env());

        Assert.Equal(3, code);
        Assert.Contains("could not mail the maintainer ops@example.org", output);
        Assert.DoesNotContain("internal error", output);
    }

    [Fact]
    public async Task Auto_restart_restarts_a_bounded_number_of_times_and_mails_each_abort()
    {
        using var sink = await SmtpSink.StartAsync(Path.Combine(_box.Root, "maildir"));
        // A permanent error (a relay folder that does not exist): an unreachable relay no longer aborts
        // the agent at all (it waits offline), so it could not exercise the restart bound.
        var conf = _box.File("escale.conf");
        File.WriteAllText(conf, $"""
            maintainer = ops@example.org
            smtp host = 127.0.0.1
            smtp port = {sink.Port}
            [dav]
            local path = {_box.Sub("local")}
            relay dir = {Path.Combine(_box.Root, "no-such-relay")}
            client = nodeA
            """);

        var (code, output) = await CliProcess.RunAsync("escale", ["-c", conf, "--auto-restart", "0", "--max-restarts", "2"], env: _box.Env());

        Assert.Equal(3, code);
        Assert.Contains("restarting in 0 s (restart 1 of at most 2)", output);
        Assert.Contains("restarting in 0 s (restart 2 of at most 2)", output);
        Assert.DoesNotContain("restart 3", output);
        Assert.Contains("giving up after 2 restarts", output);
        Assert.Equal(3, sink.Messages().Count);
    }

    /// <summary>A WebDAV relay on a port where nothing listens: the agent cannot start.</summary>
    private string WriteConfig(string extra)
    {
        var path = _box.File("escale.conf");
        File.WriteAllText(path, $"""
            [dav]
            local path = {_box.Sub("local")}
            protocol = webdav
            host address = 127.0.0.1
            port = {Sandbox.ClosedPort()}
            relay dir = relay
            client = nodeA
            {extra}
            """);
        return path;
    }
}
