using System.Net;
using System.Net.Sockets;
using System.Text;
using Google.Apis.Auth.OAuth2;
using Google.Apis.Auth.OAuth2.Flows;

namespace Escale.Relay.GoogleDrive;

/// <summary>
/// The installed-app OAuth flow of Google (authorization code + PKCE, redirect to a loopback port on
/// 127.0.0.1) and the credential that refreshes the access token from the saved refresh token.
/// </summary>
public static class DriveAuth
{
    private const string UserKey = "escale";

    internal static PkceGoogleAuthorizationCodeFlow CreateFlow(GoogleDriveSettings settings) =>
        new(new GoogleAuthorizationCodeFlow.Initializer(settings.AuthorizationUrl, settings.TokenUrl, settings.RevokeUrl)
        {
            ClientSecrets = new ClientSecrets { ClientId = settings.ClientId, ClientSecret = settings.ClientSecret },
            Scopes = [GoogleDriveSettings.DriveFileScope],
            DataStore = new TokenFileStore(settings.TokenFile),
        });

    /// <summary>The saved credential, or an Authentication error telling the user to authorize first.</summary>
    internal static async Task<UserCredential> LoadAsync(GoogleDriveSettings settings, CancellationToken cancellationToken)
    {
        var flow = CreateFlow(settings);
        var token = await flow.LoadTokenAsync(UserKey, cancellationToken);
        if (token?.RefreshToken is null)
        {
            throw new RelayException(RelayErrorKind.Authentication,
                $"Google Drive: no refresh token in {settings.TokenFile}; run 'escale -i' to authorize this computer");
        }

        return new UserCredential(flow, UserKey, token);
    }

    /// <summary>
    /// Runs the browser flow: prints the URL, waits for Google's redirect to 127.0.0.1, exchanges the code
    /// (with the PKCE verifier) and saves the token file. Returns the file written.
    /// </summary>
    public static async Task<string> AuthorizeAsync(GoogleDriveSettings settings, TextWriter output, CancellationToken cancellationToken)
    {
        var flow = CreateFlow(settings);
        var redirect = $"http://127.0.0.1:{FreeLoopbackPort()}/";
        var request = flow.CreateAuthorizationCodeRequest(redirect, out var verifier);
        var state = Convert.ToHexString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(16));
        request.State = state;
        using var listener = new HttpListener();
        listener.Prefixes.Add(redirect);
        listener.Start();
        await output.WriteLineAsync("Open this address in a browser and allow Escale to use its own files in your Google Drive:");
        await output.WriteLineAsync(request.Build().AbsoluteUri);
        await output.WriteLineAsync($"Waiting for Google's answer on {redirect} ...");
        string? code = null;
        while (code is null)
        {
            var context = await listener.GetContextAsync().WaitAsync(cancellationToken);
            var query = context.Request.QueryString;
            var error = query["error"];
            var ok = error is null && query["state"] == state && query["code"] is { Length: > 0 };
            await AnswerAsync(context.Response, ok ? "Escale is authorized. You can close this page." : "Authorization failed. You can close this page.");
            if (error is not null)
            {
                throw new RelayException(RelayErrorKind.Authentication, $"Google Drive: authorization refused ({error})");
            }

            code = ok ? query["code"] : null; // a stray request (favicon, wrong state) is ignored
        }

        await flow.ExchangeCodeForTokenAsync(UserKey, code, verifier, redirect, cancellationToken);
        return settings.TokenFile;
    }

    private static async Task AnswerAsync(HttpListenerResponse response, string text)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        response.ContentType = "text/plain; charset=utf-8";
        response.ContentLength64 = bytes.Length;
        await response.OutputStream.WriteAsync(bytes);
        response.Close();
    }

    private static int FreeLoopbackPort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }
}
