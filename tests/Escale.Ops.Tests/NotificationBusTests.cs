using System.Diagnostics;
using Escale.Testing;
using Tmds.DBus;

namespace Escale.Ops.Tests;

/// <summary>
/// Desktop notifications end to end: a private session bus (dbus-daemon), a recorder that owns
/// org.freedesktop.Notifications on it, and an agent on a local relay that meets a conflict.
/// </summary>
public sealed class NotificationBusTests : IDisposable
{
    private readonly OpsSetup _setup = new("puller count = 1");
    private Process? _bus;

    public void Dispose()
    {
        if (_bus is { HasExited: false })
        {
            _bus.Kill();
        }

        _bus?.Dispose();
        _setup.Dispose();
    }

    [SkippableFact]
    public async Task A_conflict_met_by_a_running_agent_is_notified_with_the_files_name()
    {
        Prerequisite.Require(File.Exists("/usr/bin/dbus-daemon") ? null : "dbus-daemon is not installed (scripts/setup/dbus.sh installs it)");
        var address = await StartBusAsync();
        using var connection = new Connection(address);
        await connection.ConnectAsync();
        var recorder = new RecordingNotifications();
        await connection.RegisterObjectAsync(recorder);
        await connection.RegisterServiceAsync("org.freedesktop.Notifications");

        // f.txt agreed on both nodes, then changed on both; B's agent meets A's newer version.
        await _setup.SyncAsync(_setup.ConfB);
        OpsSetup.WriteFile(_setup.A, "f.txt", "v0");
        await _setup.SyncAsync(_setup.ConfA);
        await _setup.SyncAsync(_setup.ConfB);
        File.WriteAllText(Path.Combine(_setup.A, "f.txt"), "A's version");
        await _setup.SyncAsync(_setup.ConfA);
        var mine = Path.Combine(_setup.B, "f.txt");
        File.WriteAllText(mine, "B's version");
        File.SetLastWriteTimeUtc(mine, DateTime.UtcNow.AddMinutes(-5));

        _setup.Env["DBUS_SESSION_BUS_ADDRESS"] = address;
        using var agent = await _setup.StartAgentAsync(_setup.ConfB);
        (string AppName, string Summary, string Body)? call = null;
        for (var i = 0; i < 240 && call is null; i++)
        {
            call = recorder.Calls.Where(c => c.Summary.Contains("f.txt", StringComparison.Ordinal)).Cast<(string, string, string)?>().FirstOrDefault();
            if (call is null)
            {
                await Task.Delay(250);
            }
        }

        Assert.True(call is not null, "no notification arrived; agent said: " + agent.Output);
        Assert.Equal("escale", call.Value.AppName);
        Assert.Equal("Conflict: f.txt", call.Value.Summary);
        Assert.Contains("nodeB's version is kept beside it as f.escale-conflict-", call.Value.Body, StringComparison.Ordinal);
        Assert.Single(Directory.GetFiles(_setup.B, "f.escale-conflict-*-nodeB.txt"));
        await _setup.CtlAsync("stop", "-c", _setup.ConfB);
        await agent.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Single(recorder.Calls, c => c.Summary.Contains("f.txt", StringComparison.Ordinal));
    }

    [SkippableFact]
    public async Task An_agent_that_stops_on_a_marker_mismatch_says_so_on_the_desktop()
    {
        Prerequisite.Require(File.Exists("/usr/bin/dbus-daemon") ? null : "dbus-daemon is not installed (scripts/setup/dbus.sh installs it)");
        var address = await StartBusAsync();
        using var connection = new Connection(address);
        await connection.ConnectAsync();
        var recorder = new RecordingNotifications();
        await connection.RegisterObjectAsync(recorder);
        await connection.RegisterServiceAsync("org.freedesktop.Notifications");

        await _setup.SyncAsync(_setup.ConfA); // the relay is marked 'encryption = off'
        var aead = _setup.Write("b-aead.conf", "nodeB", _setup.B, "cache-b", "encryption = aead\npassphrase = a passphrase long enough");
        _setup.Env["DBUS_SESSION_BUS_ADDRESS"] = address;
        using var agent = CliProcess.Start("escale", ["-c", aead], env: _setup.Env);
        var code = await agent.WaitAsync(TimeSpan.FromSeconds(90));
        Assert.True(code != 0, agent.Output);

        var call = Assert.Single(recorder.Calls);
        Assert.Equal("escale: repo stopped", call.Summary);
        Assert.Contains("is marked 'encryption = off' but this node has 'encryption = aead'", call.Body, StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task A_large_push_that_finished_is_announced_once()
    {
        Prerequisite.Require(File.Exists("/usr/bin/dbus-daemon") ? null : "dbus-daemon is not installed (scripts/setup/dbus.sh installs it)");
        var address = await StartBusAsync();
        using var connection = new Connection(address);
        await connection.ConnectAsync();
        var recorder = new RecordingNotifications();
        await connection.RegisterObjectAsync(recorder);
        await connection.RegisterServiceAsync("org.freedesktop.Notifications");

        // 100 MiB at 40 MiB/s: in flight for more than two of the notifier's one-second looks.
        var conf = _setup.Write("a-slow.conf", "nodeA", _setup.A, "cache-a", "puller count = 1\nbandwidth limit = 40M");
        var big = Path.Combine(_setup.A, "big.bin");
        await using (var f = File.Create(big))
        {
            f.SetLength(Agent.Notifications.NotifySettings.Default.LargeTransfer);
        }

        File.SetLastWriteTimeUtc(big, DateTime.UtcNow.AddMinutes(-1));
        OpsSetup.WriteFile(_setup.A, "small.txt", "small");
        _setup.Env["DBUS_SESSION_BUS_ADDRESS"] = address;
        using var agent = await _setup.StartAgentAsync(conf);
        var (code, output) = await _setup.CtlAsync("wait-idle", "-c", conf, "--timeout", "120");
        Assert.True(code == 0, output);
        await _setup.CtlAsync("stop", "-c", conf); // the notifier sends what it decided before it goes
        await agent.WaitAsync(TimeSpan.FromSeconds(30));

        var call = Assert.Single(recorder.Calls);
        Assert.Equal("Pushed big.bin", call.Summary);
        Assert.Contains("big.bin, 100 MiB", call.Body, StringComparison.Ordinal);
    }

    /// <summary>A private session bus; its address is the first line it prints.</summary>
    private async Task<string> StartBusAsync()
    {
        var info = new ProcessStartInfo("dbus-daemon", ["--session", "--nofork", "--print-address"]) { RedirectStandardOutput = true, RedirectStandardError = true };
        _bus = Process.Start(info)!;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var address = await _bus.StandardOutput.ReadLineAsync(timeout.Token);
        if (string.IsNullOrWhiteSpace(address))
        {
            _bus.Kill();
            Assert.Fail("dbus-daemon printed no address: " + await _bus.StandardError.ReadToEndAsync(timeout.Token));
        }

        return address.Trim();
    }
}
