using Escale.Relay.GoogleDrive.Tests.Emulator;

namespace Escale.Relay.GoogleDrive.Tests;

/// <summary>One Drive emulator per test class, and settings (with a saved refresh token) pointing at it.</summary>
public sealed class DriveFixture : IAsyncLifetime
{
    private readonly string _dir = Path.Combine(Environment.GetEnvironmentVariable("ESCALE_TEST_TMP") ?? Path.GetTempPath(), "gdrive-" + Guid.NewGuid().ToString("N")[..8]);

    public DriveEmulator Emulator { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Emulator = await DriveEmulator.StartAsync();
        Directory.CreateDirectory(_dir);
    }

    public async Task DisposeAsync()
    {
        await Emulator.DisposeAsync();
        Directory.Delete(_dir, recursive: true);
    }

    /// <summary>Settings for a relay folder (a path of folders under My Drive), with a valid token file.</summary>
    public GoogleDriveSettings Settings(string rootPath, string? tokenFile = null)
    {
        tokenFile ??= Path.Combine(_dir, "token.json");
        if (!File.Exists(tokenFile))
        {
            File.WriteAllText(tokenFile, $$"""{"refresh_token":"{{Emulator.RefreshToken}}","token_type":"Bearer"}""");
        }

        return new GoogleDriveSettings
        {
            ClientId = Emulator.ClientId,
            ClientSecret = Emulator.ClientSecret,
            TokenFile = tokenFile,
            RootPath = rootPath,
            ApiBase = Emulator.BaseUrl,
            AuthorizationUrl = Emulator.BaseUrl + "/auth",
            TokenUrl = Emulator.BaseUrl + "/token",
            RevokeUrl = Emulator.BaseUrl + "/revoke",
            MultipartLimit = 256 * 1024,
            ChunkSize = 256 * 1024,
            BackOffDelta = TimeSpan.FromMilliseconds(50),
        };
    }

    public string TempDir => _dir;

    public async Task<GoogleDriveRelayStore> ConnectAsync(string rootPath) =>
        await GoogleDriveRelayStore.ConnectAsync(Settings(rootPath), CancellationToken.None);
}
