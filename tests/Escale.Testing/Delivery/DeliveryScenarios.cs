using Xunit;

namespace Escale.Testing.Delivery;

/// <summary>
/// Issue 10 scenarios of the agent side, each run with real <c>escale</c>/<c>escalectl</c> processes
/// against a real relay: 2 (two configurations with one section name), 4 (a misspelt or mismatched
/// encryption never reaches the relay), 5 (a missing relay folder is an error, not created), 6 (an
/// agent that starts offline waits and recovers). Each failed before the change.
/// </summary>
public sealed class DeliveryScenarios(IDeliveryRelay relay, TempDir dir)
{
    private readonly Dictionary<string, string> _env = new() { ["XDG_RUNTIME_DIR"] = dir.Sub("run") };

    private static readonly DateTime Past = DateTime.UtcNow.AddMinutes(-2);

    /// <summary>Scenario 2: a second configuration with the same section name and another folder is its own node.</summary>
    public async Task Same_section_name_in_two_configurations_never_shares_state()
    {
        var relayDir = NewRelayDir();
        var cache = dir.Sub("shared-cache"); // as ~/.cache/escale: one for both configurations
        var a = dir.Sub("s2-a");
        var b = dir.Sub("s2-b");
        var confA = Write("s2-a.conf", "share", a, relayDir, "nodeA", cache);
        var confB = Write("s2-b.conf", "share", b, relayDir, "nodeB", cache);
        await RunOkAsync("escalectl", "init", "-c", confA);
        WriteFile(a, "first.txt", "from A");
        await RunOkAsync("escale", "-c", confA, "--once");
        await RunOkAsync("escale", "-c", confB, "--once");
        Assert.Equal("from A", File.ReadAllText(Path.Combine(b, "first.txt")));
        Assert.Equal(2, Directory.GetDirectories(cache).Count(d => Path.GetFileName(d).StartsWith("share-", StringComparison.Ordinal)));
    }

    /// <summary>Scenario 4: 'encrytion = aead' is an error; a node without encryption, or with another key, refuses an encrypted repository.</summary>
    public async Task Encryption_typo_or_mismatch_never_pushes_plaintext()
    {
        var relayDir = NewRelayDir();
        var key = Path.Combine(dir.Path, "s4.key");
        File.WriteAllText(key, "correct horse battery staple\n");
        var wrongKey = Path.Combine(dir.Path, "s4-wrong.key");
        File.WriteAllText(wrongKey, "another passphrase entirely\n");
        var a = dir.Sub("s4-a");
        var confA = Write("s4-a.conf", "docs", a, relayDir, "nodeA", dir.Sub("s4-cache-a"), $"encryption = aead\npassphrase = {key}");
        await RunOkAsync("escalectl", "init", "-c", confA);
        WriteFile(a, "secret.txt", "top secret words");
        await RunOkAsync("escale", "-c", confA, "--once");

        var t = dir.Sub("s4-typo");
        WriteFile(t, "typo.txt", "PLAINTEXT-TYPO");
        var confTypo = Write("s4-typo.conf", "docs", t, relayDir, "nodeT", dir.Sub("s4-cache-t"), $"encrytion = aead\npassphrase = {key}");
        var typo = await RunAsync("escale", "-c", confTypo, "--once");
        Assert.Equal(2, typo.Code);
        Assert.Contains($"{confTypo}:", typo.Output, StringComparison.Ordinal);
        Assert.Contains("unknown option 'encrytion' (did you mean 'encryption'?)", typo.Output, StringComparison.Ordinal);

        var p = dir.Sub("s4-plain");
        WriteFile(p, "plain.txt", "PLAINTEXT-OFF");
        var confPlain = Write("s4-plain.conf", "docs", p, relayDir, "nodeP", dir.Sub("s4-cache-p"));
        var plain = await RunAsync("escale", "-c", confPlain, "--once");
        Assert.NotEqual(0, plain.Code);
        Assert.Contains("is marked 'encryption = aead' but this node has 'encryption = off'", plain.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("pulled", plain.Output, StringComparison.Ordinal);

        var w = dir.Sub("s4-wrong");
        WriteFile(w, "wrong.txt", "PLAINTEXT-WRONG-KEY");
        var confWrong = Write("s4-wrong.conf", "docs", w, relayDir, "nodeW", dir.Sub("s4-cache-w"), $"encryption = aead\npassphrase = {wrongKey}");
        var wrong = await RunAsync("escale", "-c", confWrong, "--once");
        Assert.NotEqual(0, wrong.Code);
        Assert.Contains("encrypted with another key", wrong.Output, StringComparison.Ordinal);

        // Nothing of theirs reached the relay, and nothing of the relay reached them.
        var onRelay = Directory.GetFiles(relay.DiskPath(relayDir), "*", SearchOption.AllDirectories).Select(Path.GetFileName).ToList();
        Assert.Contains("secret.txt", onRelay);
        Assert.DoesNotContain("typo.txt", onRelay);
        Assert.DoesNotContain("plain.txt", onRelay);
        Assert.DoesNotContain("wrong.txt", onRelay);
        Assert.False(File.Exists(Path.Combine(p, "secret.txt")));
        Assert.False(File.Exists(Path.Combine(w, "secret.txt")));
        Assert.DoesNotContain(Directory.GetFiles(relay.DiskPath(relayDir), "*", SearchOption.AllDirectories),
            f => File.ReadAllText(f).Contains("top secret", StringComparison.Ordinal));
    }

    /// <summary>Scenario 5: a relay folder that does not exist is an error; escalectl init creates the repository.</summary>
    public async Task Missing_relay_folder_is_an_error_until_init()
    {
        var relayDir = NewRelayDir();
        var a = dir.Sub("s5-a");
        WriteFile(a, "usb.txt", "meant for the USB disk");
        var conf = Write("s5.conf", "usb", a, relayDir, "nodeA", dir.Sub("s5-cache"));
        var first = await RunAsync("escale", "-c", conf, "--once");
        Assert.Equal(3, first.Code);
        Assert.Contains("does not exist", first.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", first.Output, StringComparison.Ordinal);
        Assert.False(Directory.Exists(relay.DiskPath(relayDir)), "the agent created the relay folder");

        var init = await RunOkAsync("escalectl", "init", "-c", conf);
        Assert.Contains("marked as a repository", init, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(relay.DiskPath(relayDir), ".escale-repository.lock")));
        await RunOkAsync("escale", "-c", conf, "--once");
        Assert.True(File.Exists(Path.Combine(relay.DiskPath(relayDir), "usb.txt")));
    }

    /// <summary>Scenario 6: an agent started while the relay is down keeps running, says offline, and pulls once it is back.</summary>
    public async Task Agent_started_offline_waits_and_recovers()
    {
        Assert.True(relay.CanStop, "this relay cannot be taken down");
        var relayDir = NewRelayDir();
        var a = dir.Sub("s6-a");
        var b = dir.Sub("s6-b");
        var confA = Write("s6-a.conf", "trip", a, relayDir, "nodeA", dir.Sub("s6-cache-a"));
        var confB = Write("s6-b.conf", "trip", b, relayDir, "nodeB", dir.Sub("s6-cache-b"), "refresh = 2");
        await RunOkAsync("escalectl", "init", "-c", confA);
        await relay.StopAsync();
        CliProcess? agent = null;
        try
        {
            var once = await RunAsync("escale", "-c", confB, "--once");
            Assert.Equal(3, once.Code);
            Assert.Single(once.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries), l => l.Contains("relay", StringComparison.Ordinal));

            agent = CliProcess.Start("escale", ["-c", confB, "--auto-restart", "1"], env: _env);
            var status = await WaitForAsync(async () =>
            {
                var s = await RunAsync("escalectl", "status", "-c", confB);
                return s.Output.Contains("offline since", StringComparison.Ordinal) ? s.Output : null;
            }, TimeSpan.FromSeconds(90));
            Assert.Contains("running (pid", status, StringComparison.Ordinal);
            await Task.Delay(TimeSpan.FromSeconds(4)); // a few retries: still one warning, still running
            Assert.False(agent.HasExited, agent.Output);
            Assert.Equal(1, Count(agent.Output, "relay unreachable"));

            await relay.StartAsync();
            WriteFile(a, "after.txt", "written while B was offline");
            await RunOkAsync("escale", "-c", confA, "--once");
            await WaitForAsync(() => Task.FromResult(File.Exists(Path.Combine(b, "after.txt")) ? "" : null), TimeSpan.FromSeconds(120));
            Assert.Equal("written while B was offline", File.ReadAllText(Path.Combine(b, "after.txt")));
            // Logged when the pass that brought the file ends: the file can land a moment before.
            await WaitForAsync(() => Task.FromResult(agent.Output.Contains("relay reachable again", StringComparison.Ordinal) ? "" : null), TimeSpan.FromSeconds(60));
            var back = await RunAsync("escalectl", "status", "-c", confB);
            Assert.DoesNotContain("offline since", back.Output, StringComparison.Ordinal);
        }
        finally
        {
            await relay.StartAsync();
            if (agent is not null)
            {
                agent.Signal(15);
                await agent.WaitAsync(TimeSpan.FromSeconds(60));
                agent.Dispose();
            }
        }
    }

    private static int Count(string text, string what) => text.Split(what).Length - 1;

    private static string NewRelayDir() => "r-" + Guid.NewGuid().ToString("N")[..10];

    private static void WriteFile(string folder, string name, string content)
    {
        var path = Path.Combine(folder, name);
        File.WriteAllText(path, content);
        File.SetLastWriteTimeUtc(path, Past); // already settled
    }

    private string Write(string name, string section, string local, string relayDir, string client, string cache, string extra = "")
    {
        var path = Path.Combine(dir.Path, name);
        File.WriteAllText(path, $"[{section}]\nlocal path = {local}\n{relay.Options(relayDir)}\nclient = {client}\ncache dir = {cache}\nsettle time = 0\n{extra}\n");
        return path;
    }

    private Task<(int Code, string Output)> RunAsync(params string[] args) =>
        CliProcess.RunAsync(args[0], args[1..], env: _env, timeoutSeconds: 180);

    private async Task<string> RunOkAsync(params string[] args)
    {
        var (code, output) = await RunAsync(args);
        Assert.True(code == 0, $"{string.Join(' ', args)} exited {code}:\n{output}");
        return output;
    }

    private static async Task<string> WaitForAsync(Func<Task<string?>> probe, TimeSpan bound)
    {
        var deadline = DateTime.UtcNow + bound;
        while (true)
        {
            if (await probe() is { } found)
            {
                return found;
            }

            Assert.True(DateTime.UtcNow < deadline, $"not reached within {bound.TotalSeconds} s");
            await Task.Delay(500);
        }
    }
}
