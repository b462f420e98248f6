using Escale.Testing;
using Escale.Agent.Logging;
using Escale.Core.Config;
using Microsoft.Extensions.Logging;

namespace Escale.Service.Tests;

/// <summary>The log file: size-based rotation, levels, and no secret in any record.</summary>
public sealed class LoggingTests : IDisposable
{
    private readonly Sandbox _box = new();

    public void Dispose() => _box.Dispose();

    [Fact]
    public void Rotation_keeps_the_configured_number_of_files_each_within_the_size()
    {
        var path = _box.File("logs/escale.log");
        using (var log = new RotatingLogFile(path, maxBytes: 2048, keep: 3))
        {
            for (var i = 0; i < 400; i++)
            {
                log.WriteLine($"line {i:D4} " + new string('x', 40));
            }
        }

        var files = Directory.GetFiles(Path.GetDirectoryName(path)!).Order(StringComparer.Ordinal).ToList();
        Assert.Equal([path, path + ".1", path + ".2", path + ".3"], files);
        Assert.All(files, f => Assert.InRange(new FileInfo(f).Length, 1, 2048));
        Assert.EndsWith("line 0399 " + new string('x', 40), File.ReadAllText(path).TrimEnd());

        // No line is lost or split between the kept files: they hold the newest lines, in order.
        var kept = files.AsEnumerable().Reverse().SelectMany(File.ReadAllLines).ToList();
        var first = int.Parse(kept[0][5..9], System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(Enumerable.Range(first, 400 - first).Select(i => $"line {i:D4} " + new string('x', 40)), kept);
    }

    [Fact]
    public async Task Escale_rotates_its_log_file_with_the_configured_size_and_count()
    {
        var local = _box.Sub("a");
        for (var i = 0; i < 60; i++)
        {
            File.WriteAllText(Path.Combine(local, $"file-{i}.txt"), $"content {i}");
            File.SetLastWriteTimeUtc(Path.Combine(local, $"file-{i}.txt"), DateTime.UtcNow.AddMinutes(-1));
        }

        var log = _box.File("log/escale.log");
        var conf = _box.File("escale.conf");
        File.WriteAllText(conf, $"""
            log file = {log}
            log level = debug
            log max size = 1KiB
            log files = 2
            [repo]
            local path = {local}
            relay dir = {_box.Sub("relay")}
            client = nodeA
            settle time = 0
            """);

        var (code, output) = await CliProcess.RunAsync("escale", ["-c", conf, "--once"], env: _box.Env());

        Assert.True(code == 0, output);
        // 60 transfer lines are about 3.3 KB: three rotations, of which two files are kept.
        Assert.True(File.Exists(log + ".2"), "not enough rotations happened:\n" + output);
        Assert.False(File.Exists(log + ".3"));
        Assert.All(new[] { log, log + ".1", log + ".2" }, f => Assert.InRange(new FileInfo(f).Length, 1, 1024));
        Assert.Contains("pushed file-", File.ReadAllText(log + ".2"));
    }

    [Fact]
    public async Task Passwords_and_passphrases_never_reach_the_log_file()
    {
        const string password = "Sekrit-Relay-Pa55";
        const string passphrase = "correct horse battery staple 1984";
        const string keyFileSecret = "KeyFileContent-9f8e7d6c";
        var keyFile = _box.File("other.key");
        File.WriteAllText(keyFile, keyFileSecret + "\n");
        var secretFile = _box.File("relay.secret");
        File.WriteAllText(secretFile, "user = alice\npassword = SecretFile-Pa55\n");
        var local = _box.Sub("a");
        File.WriteAllText(Path.Combine(local, $"report {passphrase[..7]}.txt"), "data");
        File.SetLastWriteTimeUtc(Path.Combine(local, $"report {passphrase[..7]}.txt"), DateTime.UtcNow.AddMinutes(-1));
        var log = _box.File("escale.log");
        var conf = _box.File("escale.conf");
        File.WriteAllText(conf, $"""
            log file = {log}
            log level = debug
            [repo]
            local path = {local}
            relay dir = {_box.Sub("relay")}
            client = nodeA
            settle time = 0
            user = alice
            password = {password}
            encryption = aead
            passphrase = {passphrase}
            """);

        var (code, output) = await CliProcess.RunAsync("escale", ["-c", conf, "--once"], env: _box.Env());
        Assert.True(code == 0, output);
        var text = File.ReadAllText(log);
        Assert.Contains("report", text); // the run did log its transfer
        Assert.DoesNotContain(password, text + output);
        Assert.DoesNotContain(passphrase, text + output);

        // And whatever a component might write (an exception quoting a URL, say) is redacted too.
        var repos = EscaleConfig.Parse($"""
            [x]
            local path = /tmp/x
            relay dir = /tmp/r
            password = {password}
            secret file = {secretFile}
            passphrase = {keyFile}
            log file = {log}
            """, conf).Repositories;
        using (var logs = Logs.Create(repos, console: false))
        {
            logs.CreateLogger("x").LogError("GET https://alice:{Password}@host/ failed; key {Key}; file pass {Pass}", password, keyFileSecret, "SecretFile-Pa55");
        }

        var last = File.ReadLines(log).Last();
        Assert.Contains("https://alice:***@host/ failed; key ***; file pass ***", last);
    }
}
