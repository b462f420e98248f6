using Escale.Testing;
namespace Escale.Service.Tests;

/// <summary><c>escale -i</c> driven through standard input, as a script or a test would.</summary>
public sealed class WizardTests : IDisposable
{
    private readonly Sandbox _box = new();

    public void Dispose() => _box.Dispose();

    [Fact]
    public async Task Two_wizard_runs_produce_configs_that_sync_an_encrypted_file()
    {
        var relay = _box.Sub("relay");
        var a = Path.Combine(_box.Root, "a");
        var b = Path.Combine(_box.Root, "b");
        var confA = _box.File("node-a/escale.conf");
        var confB = _box.File("node-b/escale.conf");

        // section, local path, relay, client, encryption, key file (new), mode, pullers, refresh, quota
        var (codeA, outA) = await Wizard(confA, $"photos\n{a}\nfile://{relay}\nnodeA\naead\nnew\n\n\nno\n\n");
        Assert.True(codeA == 0, outA);
        var keyFile = Path.Combine(Path.GetDirectoryName(confA)!, "photos.key");
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(keyFile));
        Assert.Contains($"wrote [photos] to {confA}", outA);

        var (codeB, outB) = await Wizard(confB, $"photos\n{b}\nfile://{relay}\nnodeB\naead\n{keyFile}\nshared\n1\nno\n100MB\n");
        Assert.True(codeB == 0, outB);
        var textB = File.ReadAllText(confB);
        Assert.Contains($"passphrase = {keyFile}", textB);
        Assert.Contains("puller count = 1", textB);

        Directory.CreateDirectory(a);
        File.WriteAllText(Path.Combine(a, "hello.txt"), "from the wizard");
        File.SetLastWriteTimeUtc(Path.Combine(a, "hello.txt"), DateTime.UtcNow.AddMinutes(-1));
        var push = await CliProcess.RunAsync("escale", ["-c", confA, "--once"], env: _box.Env("a"));
        Assert.True(push.Code == 0, push.Output);
        Assert.DoesNotContain(Directory.GetFiles(relay, "*", SearchOption.AllDirectories), f => File.ReadAllText(f).Contains("from the wizard"));
        var pull = await CliProcess.RunAsync("escale", ["-c", confB, "--once"], env: _box.Env("b"));
        Assert.True(pull.Code == 0, pull.Output);
        Assert.Equal("from the wizard", File.ReadAllText(Path.Combine(b, "hello.txt")));
    }

    [Fact]
    public async Task Unreachable_relay_is_reported_and_nothing_is_written()
    {
        var conf = _box.File("escale.conf");
        const string password = "Wizard-Pa55word-Never-Shown";
        var port = Sandbox.ClosedPort();
        var (code, output) = await Wizard(conf, $"dav\n{_box.Sub("local")}\nwebdav://127.0.0.1:{port}/relay\nnodeA\nalice\n{password}\noff\n\n\n\n\n");

        Assert.NotEqual(0, code);
        Assert.Contains("escale -i: [dav]: cannot use the relay", output);
        Assert.Contains("nothing was written", output);
        Assert.DoesNotContain(password, output);
        Assert.False(File.Exists(conf));
        Assert.Empty(Directory.GetFiles(_box.Root, "*.secret"));
    }

    [Fact]
    public async Task Import_moves_an_inline_password_to_an_owner_only_secret_file()
    {
        const string password = "Imported-Pa55word-42";
        var relay = _box.Sub("relay");
        var source = _box.File("other/escale.conf");
        Directory.CreateDirectory(Path.GetDirectoryName(source)!);
        File.WriteAllText(source, $"""
            refresh = 7
            [docs]
            local path = docs
            protocol = file
            relay dir = {relay}
            user = alice
            password = {password}
            [music]
            local path = music
            protocol = file
            relay dir = {relay}
            """);
        var target = _box.File("mine/escale.conf");

        var (code, output) = await CliProcess.RunAsync("escale", ["-c", target, "-i", source, "-r", "docs"], env: _box.Env(), stdin: "");
        Assert.True(code == 0, output);
        var text = File.ReadAllText(target);
        Assert.DoesNotContain(password, text);
        Assert.DoesNotContain("[music]", text);
        Assert.Contains($"local path = {Path.Combine(Path.GetDirectoryName(source)!, "docs")}", text);
        Assert.Contains("refresh = 7", text);
        var secret = Assert.Single(Directory.GetFiles(Path.GetDirectoryName(target)!, "*.secret"));
        Assert.Contains($"secret file = {secret}", text);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(secret));
        Assert.Contains(password, File.ReadAllText(secret));
        Assert.DoesNotContain(password, output);
    }

    [Fact]
    public async Task Import_of_an_unknown_section_is_one_line_and_writes_nothing()
    {
        var source = _box.File("other.conf");
        File.WriteAllText(source, $"[docs]\nlocal path = {_box.Sub("docs")}\nrelay dir = {_box.Sub("relay")}\n");
        var target = _box.File("escale.conf");

        var (code, output) = await CliProcess.RunAsync("escale", ["-c", target, "-i", source, "-r", "nosuch"], env: _box.Env(), stdin: "");
        Assert.Equal(2, code);
        Assert.Equal($"escale -i: {source}: no section [nosuch] (sections: docs)", output.Trim());
        Assert.False(File.Exists(target));

        (code, output) = await CliProcess.RunAsync("escale", ["-c", target, "-i", _box.File("missing.conf")], env: _box.Env(), stdin: "");
        Assert.Equal(2, code);
        Assert.Contains("no such configuration file to import", output);
        Assert.False(File.Exists(target));
    }

    [Fact]
    public async Task Invalid_piped_answer_stops_instead_of_shifting_the_next_answers()
    {
        var conf = _box.File("escale.conf");
        var (code, output) = await Wizard(conf, $"s\n{_box.Sub("l")}\nnot-an-address\nnodeA\n");
        Assert.Equal(2, code);
        Assert.Contains("escale -i: 'not-an-address' is not an address", output);
        Assert.False(File.Exists(conf));

        (code, output) = await Wizard(conf, "s\n");
        Assert.Equal(2, code);
        Assert.Contains("input ended before the configuration was complete", output);
    }

    [Fact]
    public async Task A_section_name_already_in_the_configuration_is_refused()
    {
        var conf = _box.File("escale.conf");
        var answers = $"docs\n{_box.Sub("l")}\nfile://{_box.Sub("relay")}\nnodeA\noff\n\n\n\n\n";
        var first = await Wizard(conf, answers);
        Assert.True(first.Code == 0, first.Output);
        var before = File.ReadAllText(conf);

        var (code, output) = await Wizard(conf, answers);
        Assert.Equal(2, code);
        Assert.Contains($"escale -i: [docs] already exists in {conf}", output);
        Assert.Equal(before, File.ReadAllText(conf));
    }

    private Task<(int Code, string Output)> Wizard(string conf, string answers) =>
        CliProcess.RunAsync("escale", ["-c", conf, "-i"], env: _box.Env(), stdin: answers);
}
