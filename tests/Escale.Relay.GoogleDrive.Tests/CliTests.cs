using Escale.Relay.GoogleDrive.Tests.Emulator;
using Escale.Testing;

namespace Escale.Relay.GoogleDrive.Tests;

/// <summary>
/// The Drive relay through the real commands against the emulator: the wizard (with the installed-app
/// authorization: the test plays the browser), escalectl probe, escale, escalectl migrate.
/// </summary>
public sealed class CliTests(DriveFixture drive) : IClassFixture<DriveFixture>, IDisposable
{
    private readonly TempDir _dir = new("gdrive-cli");

    private DriveEmulator Emulator => drive.Emulator;

    private Uri Api => new(Emulator.BaseUrl);

    public void Dispose() => _dir.Dispose();

    private Dictionary<string, string> Env() => IsolatedEnvironment.Xdg(_dir.Path);

    /// <summary>Google Cloud's client file for a Desktop app, its endpoints pointing at the emulator.</summary>
    private string WriteClientFile(string path)
    {
        File.WriteAllText(path, $$$"""
            {"installed":{"client_id":"{{{Emulator.ClientId}}}","client_secret":"{{{Emulator.ClientSecret}}}",
             "auth_uri":"{{{Emulator.BaseUrl}}}/auth","token_uri":"{{{Emulator.BaseUrl}}}/token","redirect_uris":["http://localhost"]}}
            """);
        return path;
    }

    [Fact]
    public async Task Wizard_authorizes_writes_a_google_section_that_probe_reports_and_escale_syncs()
    {
        var conf = Path.Combine(_dir.Path, "escale.conf");
        var client = WriteClientFile(Path.Combine(_dir.Path, "client_secret_test.json"));
        var local = _dir.Sub("local");
        var folder = "wizard-" + Guid.NewGuid().ToString("N")[..8];
        // section, local path, relay, OAuth client file, client, encryption, mode, pullers, refresh, quota
        var answers = $"gd\n{local}\ngoogle://{Api.Authority}/escale/{folder}\n{client}\nnodeA\nnative\n\n\nno\n\n";
        using (var wizard = CliProcess.Start("escale", ["-c", conf, "-i"], env: Env(), stdin: answers))
        {
            var consent = await WaitForLineAsync(wizard, Emulator.BaseUrl + "/auth?");
            // The browser: the emulator's consent page redirects to the wizard's loopback listener.
            using (var browser = new HttpClient())
            {
                var page = await browser.GetStringAsync(consent);
                Assert.Contains("Escale is authorized", page, StringComparison.Ordinal);
            }

            var code = await wizard.WaitAsync(TimeSpan.FromSeconds(120));
            Assert.True(code == 0, wizard.Output);
            Assert.Contains("authorized; refresh token saved in", wizard.Output, StringComparison.Ordinal);
        }

        var auth = Emulator.LastAuthorization!;
        Assert.Equal(GoogleDriveSettings.DriveFileScope, auth["scope"].ToString());
        Assert.Equal("S256", auth["code_challenge_method"].ToString());
        Assert.StartsWith("http://127.0.0.1:", auth["redirect_uri"].ToString(), StringComparison.Ordinal);
        var token = GoogleDriveConfig.TokenFileOf(conf, Emulator.ClientId);
        Assert.Contains(Emulator.RefreshToken, File.ReadAllText(token), StringComparison.Ordinal);
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(token));
        }
        var text = File.ReadAllText(conf);
        Assert.Contains("protocol = googledrive", text, StringComparison.Ordinal);
        Assert.Contains("encryption = native", text, StringComparison.Ordinal);
        Assert.DoesNotContain(Emulator.RefreshToken, text, StringComparison.Ordinal);

        var (exit, output) = await CliProcess.RunAsync("escalectl", ["probe", "-c", conf], env: Env());
        Assert.True(exit == 0, output);
        Assert.Contains($"[gd] relay Google Drive folder escale/{folder}", output, StringComparison.Ordinal);
        Assert.Contains("[gd] DotFilesAllowed: True", output, StringComparison.Ordinal);
        Assert.Contains("[gd] probe: what Google sees: names, folders, sizes and times always", output, StringComparison.Ordinal);

        File.WriteAllText(Path.Combine(local, "hello.txt"), "to Drive");
        File.SetLastWriteTimeUtc(Path.Combine(local, "hello.txt"), DateTime.UtcNow.AddMinutes(-1));
        (exit, output) = await CliProcess.RunAsync("escale", ["-c", conf, "--once"], env: Env());
        Assert.True(exit == 0, output);
        // encryption = native: our payload encryption is off, Google sees the bytes.
        Assert.Equal("to Drive"u8.ToArray(), Find("escale", folder, "hello.txt").Data);
    }

    [Fact]
    public async Task Without_a_token_the_agent_says_how_to_authorize_and_the_wizard_authorizes_an_existing_section()
    {
        var conf = Path.Combine(_dir.Path, "noauth.conf");
        WriteClientFile(Path.Combine(_dir.Path, "google-client.json")); // found beside the configuration
        File.WriteAllText(conf, $"""
            [n]
            local path = {_dir.Sub("n")}
            protocol = google
            host address = {Api.Authority}
            relay dir = nowhere
            """);
        var (code, output) = await CliProcess.RunAsync("escalectl", ["probe", "-c", conf], env: Env());
        Assert.NotEqual(0, code);
        Assert.True(output.Contains("no refresh token in", StringComparison.Ordinal), output);
        Assert.Contains("escale -i -r SECTION", output, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", output, StringComparison.Ordinal);

        // A second computer with a copied configuration: 'escale -i -r n' authorizes it and writes nothing else.
        var before = File.ReadAllText(conf);
        using (var wizard = CliProcess.Start("escale", ["-c", conf, "-i", "-r", "n"], env: Env(), stdin: ""))
        {
            var consent = await WaitForLineAsync(wizard, Emulator.BaseUrl + "/auth?");
            using (var browser = new HttpClient())
            {
                await browser.GetStringAsync(consent);
            }

            code = await wizard.WaitAsync(TimeSpan.FromSeconds(120));
            Assert.True(code == 0, wizard.Output);
        }

        Assert.Equal(before, File.ReadAllText(conf));
        (code, output) = await CliProcess.RunAsync("escalectl", ["probe", "-c", conf], env: Env());
        Assert.True(code == 0, output);
    }

    [Fact]
    public async Task Migrate_from_a_local_relay_to_google_and_back()
    {
        var relay = _dir.Sub("relay");
        var files = _dir.Sub("a");
        var conf = Path.Combine(_dir.Path, "a.conf");
        WriteClientFile(Path.Combine(_dir.Path, "google-client.json"));
        File.WriteAllText(GoogleDriveConfig.TokenFileOf(conf, Emulator.ClientId), $$"""{"refresh_token":"{{Emulator.RefreshToken}}","token_type":"Bearer"}""");
        File.WriteAllText(conf, $"""
            [docs]
            local path = {files}
            protocol = file
            relay dir = {relay}
            client = nodeA
            settle time = 0
            """);
        for (var i = 0; i < 4; i++)
        {
            var name = Path.Combine(files, i % 2 == 0 ? $"f{i}.bin" : $"sub dir/ü {i}.bin");
            Directory.CreateDirectory(Path.GetDirectoryName(name)!);
            File.WriteAllBytes(name, Enumerable.Range(0, 1000 * (i + 1)).Select(b => (byte)b).ToArray());
            File.SetLastWriteTimeUtc(name, DateTime.UtcNow.AddMinutes(-1));
        }

        var (code, output) = await CliProcess.RunAsync("escale", ["-c", conf, "--once"], env: Env());
        Assert.True(code == 0, output);
        var before = Snapshot(relay);
        var folder = "migrated-" + Guid.NewGuid().ToString("N")[..8];
        (code, output) = await CliProcess.RunAsync("escalectl", ["migrate", "-c", conf, "docs", $"google://{Api.Authority}/{folder}"], env: Env());
        Assert.True(code == 0, output);
        Assert.Contains("protocol = googledrive", File.ReadAllText(conf), StringComparison.Ordinal);
        Assert.All(before, kv => Assert.Equal(kv.Value, Find([folder, .. kv.Key.Split('/')]).Data));

        var back = Path.Combine(_dir.Path, "relay-back");
        (code, output) = await CliProcess.RunAsync("escalectl", ["migrate", "-c", conf, "docs", "file://" + back], env: Env());
        Assert.True(code == 0, output);
        var after = Snapshot(back);
        Assert.Equal(before.Keys.Order(), after.Keys.Order());
        Assert.All(before, kv => Assert.Equal(kv.Value, after[kv.Key]));
    }

    /// <summary>The emulated file at a path of names under My Drive.</summary>
    private EmulatedFile Find(params string[] names)
    {
        var id = "root";
        EmulatedFile? file = null;
        foreach (var name in names)
        {
            file = Assert.Single(Emulator.Children(id), f => f.Name == name);
            id = file.Id;
        }

        return file!;
    }

    private static async Task<string> WaitForLineAsync(CliProcess process, string prefix)
    {
        for (var i = 0; i < 600; i++)
        {
            var line = process.Output.Split('\n').Select(l => l.Trim()).FirstOrDefault(l => l.StartsWith(prefix, StringComparison.Ordinal));
            if (line is not null)
            {
                return line;
            }

            Assert.False(process.HasExited, process.Output);
            await Task.Delay(100);
        }

        throw new TimeoutException("no authorization address in: " + process.Output);
    }

    private static Dictionary<string, byte[]> Snapshot(string root) =>
        Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories).ToDictionary(f => Path.GetRelativePath(root, f).Replace('\\', '/'), File.ReadAllBytes);
}
