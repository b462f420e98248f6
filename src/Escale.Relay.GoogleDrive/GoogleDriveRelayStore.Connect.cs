using Escale.Core.Config;
using Escale.Core.Paths;
using Google.Apis.Auth.OAuth2;
using Google.Apis.Http;

namespace Escale.Relay.GoogleDrive;

public sealed partial class GoogleDriveRelayStore
{
    /// <summary>A repository's Drive relay (settings read by <see cref="GoogleDriveConfig"/>).</summary>
    public static Task<GoogleDriveRelayStore> ConnectAsync(RepositoryConfig config, RelayRootMode rootMode, CancellationToken cancellationToken) =>
        ConnectAsync(GoogleDriveConfig.Read(config), cancellationToken, rootMode);

    /// <summary>Loads the saved token, builds Google.Apis' HTTP client and finds the relay folder (creates it only with <see cref="RelayRootMode.Create"/>).</summary>
    public static async Task<GoogleDriveRelayStore> ConnectAsync(GoogleDriveSettings settings, CancellationToken cancellationToken, RelayRootMode rootMode = RelayRootMode.Create)
    {
        UserCredential credential;
        try
        {
            credential = await DriveAuth.LoadAsync(settings, cancellationToken);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or Newtonsoft.Json.JsonException)
        {
            throw new RelayException(RelayErrorKind.Authentication, $"Google Drive: cannot read the token file {settings.TokenFile}: {e.Message}", e);
        }

        var http = CreateHttpClient(settings, credential);
        try
        {
            var rootId = settings.RootFolderId;
            if (settings.RootPath.Trim('/').Length > 0)
            {
                var folders = new DriveFolders(new DriveApi(http, settings), rootId);
                rootId = await folders.ResolveAsync(RelayPath.Parse(settings.RootPath.Trim('/')), create: rootMode == RelayRootMode.Create, cancellationToken)
                    ?? throw new RelayException(RelayErrorKind.Permanent,
                        $"relay folder {settings.RootPath.Trim('/')} does not exist in Google Drive (not created: is 'relay dir' right? 'escalectl init' creates a new repository)");
            }

            return new GoogleDriveRelayStore(http, settings, rootId);
        }
        catch
        {
            http.Dispose();
            throw;
        }
    }

    /// <summary>Google.Apis' client: the credential adds (and refreshes) the bearer token; 429/403-rate/5xx back off exponentially.</summary>
    internal static ConfigurableHttpClient CreateHttpClient(GoogleDriveSettings settings, IConfigurableHttpClientInitializer credential)
    {
        var args = new CreateHttpClientArgs { ApplicationName = "Escale", GZipEnabled = false };
        args.Initializers.Add(credential);
        var http = new HttpClientFactory().CreateHttpClient(args);
        http.Timeout = settings.Timeout;
        http.MessageHandler.NumTries = settings.MaxTries;
        http.MessageHandler.AddUnsuccessfulResponseHandler(new DriveBackOff(settings.BackOffDelta, settings.MaxTries - 1));
        return http;
    }
}
