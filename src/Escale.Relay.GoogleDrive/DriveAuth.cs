using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using Google.Apis.Auth.OAuth2;
using Google.Apis.Auth.OAuth2.Flows;
using Google.Apis.Auth.OAuth2.Responses;
using Google.Apis.Json;

namespace Escale.Relay.GoogleDrive;

/// <summary>
/// The installed-app OAuth flow of Google (authorization code + PKCE, redirect to a loopback port on
/// 127.0.0.1) and the credential that refreshes the access token from the saved refresh token.
/// </summary>
public static class DriveAuth
{
    private const string UserKey = "escale";

    /// <summary>
    /// The generic flow (not GoogleAuthorizationCodeFlow, whose endpoints are fixed) so that tests can use
    /// the emulator's token endpoint; PKCE is added by hand below.
    /// </summary>
    internal static AuthorizationCodeFlow CreateFlow(GoogleDriveSettings settings) =>
        new(new AuthorizationCodeFlow.Initializer(settings.AuthorizationUrl, settings.TokenUrl)
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
                $"Google Drive: no refresh token in {settings.TokenFile}; run 'escale -i -r SECTION' on this computer to authorize it");
        }

        return new UserCredential(flow, UserKey, token);
    }

    /// <summary>
    /// Runs the browser flow: prints the URL, waits for Google's redirect to 127.0.0.1, exchanges the code
    /// (with the PKCE verifier) and saves the token file. Returns the file written.
    /// </summary>
    public static async Task<string> AuthorizeAsync(GoogleDriveSettings settings, TextWriter output, CancellationToken cancellationToken)
    {
        var redirect = $"http://127.0.0.1:{FreeLoopbackPort()}/";
        var verifier = Base64Url(RandomNumberGenerator.GetBytes(32));
        var state = Base64Url(RandomNumberGenerator.GetBytes(16));
        var url = AuthorizationUrl(settings, redirect, verifier, state);
        using var listener = new HttpListener();
        listener.Prefixes.Add(redirect);
        listener.Start();
        await output.WriteLineAsync("Open this address in a browser and allow Escale to use its own files in your Google Drive:");
        await output.WriteLineAsync(url);
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

        // Google.Apis 1.78 exposes the PKCE exchange only on GoogleAuthorizationCodeFlow, whose token
        // endpoint is fixed; the exchange is one form POST (RFC 7636 section 4.5), done here.
        using var http = new HttpClient { Timeout = settings.Timeout };
        using var answer = await http.PostAsync(settings.TokenUrl, new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "authorization_code",
            ["code"] = code,
            ["redirect_uri"] = redirect,
            ["code_verifier"] = verifier,
            ["client_id"] = settings.ClientId,
            ["client_secret"] = settings.ClientSecret,
        }), cancellationToken);
        var body = await answer.Content.ReadAsStringAsync(cancellationToken);
        if (!answer.IsSuccessStatusCode)
        {
            throw new RelayException(RelayErrorKind.Authentication, $"Google Drive: the authorization code was refused (HTTP {(int)answer.StatusCode})");
        }

        var token = NewtonsoftJsonSerializer.Instance.Deserialize<TokenResponse>(body);
        if (token?.RefreshToken is null)
        {
            throw new RelayException(RelayErrorKind.Authentication, "Google Drive: the token answer has no refresh token");
        }

        token.IssuedUtc = DateTime.UtcNow;
        await new TokenFileStore(settings.TokenFile).StoreAsync(UserKey, token);
        return settings.TokenFile;
    }

    /// <summary>Google's installed-app consent URL with PKCE (S256) and offline access (to get a refresh token).</summary>
    public static string AuthorizationUrl(GoogleDriveSettings settings, string redirect, string verifier, string state)
    {
        var challenge = Base64Url(SHA256.HashData(Encoding.ASCII.GetBytes(verifier)));
        var query = new Dictionary<string, string>
        {
            ["client_id"] = settings.ClientId,
            ["redirect_uri"] = redirect,
            ["response_type"] = "code",
            ["scope"] = GoogleDriveSettings.DriveFileScope,
            ["code_challenge"] = challenge,
            ["code_challenge_method"] = "S256",
            ["access_type"] = "offline",
            ["prompt"] = "consent",
            ["state"] = state,
        };
        return settings.AuthorizationUrl + "?" + string.Join("&", query.Select(kv => kv.Key + "=" + Uri.EscapeDataString(kv.Value)));
    }

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

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
