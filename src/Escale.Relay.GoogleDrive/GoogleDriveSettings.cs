namespace Escale.Relay.GoogleDrive;

/// <summary>
/// Where the Drive API and the OAuth endpoints are and whose token to use. The URLs are settings (not
/// constants) so that tests point the driver at the loopback emulator; users never change them.
/// </summary>
public sealed record GoogleDriveSettings
{
    public const string DriveFileScope = "https://www.googleapis.com/auth/drive.file";
    public const string DefaultApiBase = "https://www.googleapis.com";
    public const string DefaultAuthorizationUrl = "https://accounts.google.com/o/oauth2/v2/auth";
    public const string DefaultTokenUrl = "https://oauth2.googleapis.com/token";
    public const string DefaultRevokeUrl = "https://oauth2.googleapis.com/revoke";

    public required string ClientId { get; init; }

    public required string ClientSecret { get; init; }

    /// <summary>JSON file holding the refresh token; written with mode 0600.</summary>
    public required string TokenFile { get; init; }

    /// <summary>The folder id the relay lives in ("root" = My Drive).</summary>
    public string RootFolderId { get; init; } = "root";

    /// <summary>A path of folders under <see cref="RootFolderId"/> (created on demand), "" for none.</summary>
    public string RootPath { get; init; } = "";

    /// <summary>Scheme and host of the API: "/drive/v3" and "/upload/drive/v3" go under it.</summary>
    public string ApiBase { get; init; } = DefaultApiBase;

    public string AuthorizationUrl { get; init; } = DefaultAuthorizationUrl;

    public string TokenUrl { get; init; } = DefaultTokenUrl;

    public string RevokeUrl { get; init; } = DefaultRevokeUrl;

    /// <summary>Files up to this size go in one multipart request; larger ones resumable, in chunks.</summary>
    public int MultipartLimit { get; init; } = 5 * 1024 * 1024;

    /// <summary>Resumable chunk size; Drive wants a multiple of 256 KiB.</summary>
    public int ChunkSize { get; init; } = 8 * 256 * 1024;

    /// <summary>First wait of the exponential backoff on rate limits and 5xx (doubles each try).</summary>
    public TimeSpan BackOffDelta { get; init; } = TimeSpan.FromMilliseconds(500);

    public int MaxTries { get; init; } = 6;

    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(60);
}
