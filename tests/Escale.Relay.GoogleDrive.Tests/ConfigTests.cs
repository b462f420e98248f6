using Escale.Agent.Operations;
using Escale.Core.Config;
using Escale.Testing;

namespace Escale.Relay.GoogleDrive.Tests;

/// <summary>How a <c>protocol = google</c> section becomes settings and a store (GoogleDriveConfig, RelayStores, RelayAddress).</summary>
public sealed class ConfigTests(DriveFixture drive) : IClassFixture<DriveFixture>, IDisposable
{
    private readonly TempDir _dir = new("gdrive-config");

    public void Dispose() => _dir.Dispose();

    private RepositoryConfig Section(string body, string name = "g") =>
        EscaleConfig.Parse($"[{name}]\nlocal path = {_dir.Path}/local\n{body}\n", Path.Combine(_dir.Path, "escale.conf")).Select([name])[0];

    private string ClientFile(string name = "client.json")
    {
        var path = Path.Combine(_dir.Path, name);
        File.WriteAllText(path, """{"installed":{"client_id":"id-1.apps.googleusercontent.com","client_secret":"s-1","auth_uri":"http://127.0.0.1:9/auth","token_uri":"http://127.0.0.1:9/token"}}""");
        return path;
    }

    [Fact]
    public void Secret_file_is_googles_client_json_and_the_token_is_per_client_beside_the_configuration()
    {
        var client = ClientFile();
        var a = GoogleDriveConfig.Read(Section($"protocol = google\nsecret file = {client}\nrelay dir = /escale/a/", "a"));
        var b = GoogleDriveConfig.Read(Section($"protocol = googledrive\nsecret file = {client}\nrelay dir = escale/b", "b"));
        Assert.Equal(("id-1.apps.googleusercontent.com", "s-1"), (a.ClientId, a.ClientSecret));
        Assert.Equal(("http://127.0.0.1:9/auth", "http://127.0.0.1:9/token"), (a.AuthorizationUrl, a.TokenUrl));
        Assert.Equal("escale/a", a.RootPath);
        Assert.Equal(GoogleDriveSettings.DefaultApiBase, a.ApiBase);
        Assert.Equal(_dir.Path, Path.GetDirectoryName(a.TokenFile));
        Assert.Equal(a.TokenFile, b.TokenFile); // one authorization per client and computer
    }

    [Fact]
    public void Client_json_beside_the_configuration_wins_over_a_password_secret_file()
    {
        ClientFile(GoogleDriveConfig.ClientFileName);
        var ftpSecret = Path.Combine(_dir.Path, "ftp.secret");
        File.WriteAllText(ftpSecret, "password = hunter2\n");
        var s = GoogleDriveConfig.Read(Section($"protocol = google\nsecret file = {ftpSecret}\nuser = alice"));
        Assert.Equal("id-1.apps.googleusercontent.com", s.ClientId);
    }

    [Fact]
    public void User_and_password_are_client_id_and_secret_when_there_is_no_json()
    {
        var s = GoogleDriveConfig.Read(Section("protocol = google\nuser = my-id\npassword = my-secret"));
        Assert.Equal(("my-id", "my-secret"), (s.ClientId, s.ClientSecret));
        Assert.Equal(GoogleDriveSettings.DefaultTokenUrl, s.TokenUrl);
    }

    [Fact]
    public void No_client_is_one_line_that_says_what_to_give()
    {
        var e = Assert.Throws<ConfigException>(() => GoogleDriveConfig.Read(Section("protocol = google")));
        Assert.DoesNotContain('\n', e.Message);
        Assert.Contains("'secret file = client_secret_", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("127.0.0.1:8080", "http://127.0.0.1:8080")]
    [InlineData("localhost", "http://localhost")]
    [InlineData("www.googleapis.com", "https://www.googleapis.com")]
    [InlineData("https://proxy.example.org:8443/ignored", "https://proxy.example.org:8443")]
    public void Host_address_replaces_the_api_endpoint(string host, string expected)
    {
        var s = GoogleDriveConfig.Read(Section($"protocol = google\nuser = i\npassword = s\nhost address = {host}"));
        Assert.Equal(expected, s.ApiBase);
    }

    [Fact]
    public void Native_encryption_is_plaintext_for_us_on_google_and_refused_elsewhere()
    {
        var google = Escale.Crypto.PayloadCodecs.Create(Section("protocol = google\nuser = i\npassword = s\nencryption = native"));
        Assert.Equal(Escale.Crypto.PayloadCodecs.Create(Section("protocol = google\nuser = i\npassword = s")).Name, google.Name);
        var e = Assert.Throws<ConfigException>(() => Escale.Crypto.PayloadCodecs.Create(Section("protocol = ftp\nencryption = native")));
        Assert.Contains("only google has it", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_missing_relay_folder_is_an_error_not_created_unless_asked()
    {
        var folder = "absent-" + Guid.NewGuid().ToString("N")[..8];
        var settings = drive.Settings(folder);
        var e = await Assert.ThrowsAsync<RelayException>(() => GoogleDriveRelayStore.ConnectAsync(settings, CancellationToken.None, RelayRootMode.MustExist));
        Assert.Contains("does not exist", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(drive.Emulator.Children("root"), f => f.Name == folder);
        await using (await GoogleDriveRelayStore.ConnectAsync(settings, CancellationToken.None, RelayRootMode.Create))
        {
        }

        Assert.Contains(drive.Emulator.Children("root"), f => f.Name == folder);
        await using (await GoogleDriveRelayStore.ConnectAsync(settings, CancellationToken.None, RelayRootMode.MustExist))
        {
        }
    }

    [Theory]
    [InlineData("google:escale/docs", null, null, "escale/docs")]
    [InlineData("googledrive:/escale/docs", null, null, "escale/docs")]
    [InlineData("google://127.0.0.1:8080/escale/docs", "127.0.0.1", 8080, "/escale/docs")]
    public void Migrate_urls(string url, string? host, int? port, string dir)
    {
        var a = RelayAddress.Parse(url);
        Assert.Equal(("googledrive", host, port, dir), (a.Protocol, a.Host, a.Port, a.RelayDir));
    }
}
