using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;

namespace Escale.Relay.GoogleDrive.Tests.Emulator;

/// <summary>The OAuth side: the consent page (answers at once with a code) and the token endpoint (RFC 6749, PKCE RFC 7636).</summary>
public sealed partial class DriveEmulator
{
    private readonly Dictionary<string, (string Challenge, string Redirect)> _codes = new(StringComparer.Ordinal);

    public string ClientId { get; } = "client-" + Guid.NewGuid().ToString("N")[..8] + ".apps.googleusercontent.com";

    public string ClientSecret { get; } = "secret-" + Guid.NewGuid().ToString("N")[..8];

    /// <summary>What the last consent request asked for (scope, challenge method...), for assertions.</summary>
    public IQueryCollection? LastAuthorization { get; private set; }

    /// <summary>The "user clicked Allow" page: redirects to redirect_uri with a code bound to the PKCE challenge.</summary>
    private void Authorize(HttpContext ctx)
    {
        var q = ctx.Request.Query;
        LastAuthorization = q;
        var code = "code-" + Guid.NewGuid().ToString("N");
        lock (_gate)
        {
            _codes[code] = (q["code_challenge"].ToString(), q["redirect_uri"].ToString());
        }

        ctx.Response.StatusCode = 302;
        ctx.Response.Headers.Location = $"{q["redirect_uri"]}?state={Uri.EscapeDataString(q["state"].ToString())}&code={code}&scope={Uri.EscapeDataString(q["scope"].ToString())}";
    }

    private async Task TokenAsync(HttpContext ctx)
    {
        var form = await ctx.Request.ReadFormAsync();
        if (form["client_id"] != ClientId || form["client_secret"] != ClientSecret)
        {
            await TokenErrorAsync(ctx, "invalid_client");
            return;
        }

        var grant = form["grant_type"].ToString();
        var ok = false;
        lock (_gate)
        {
            if (grant == "refresh_token")
            {
                ok = form["refresh_token"] == RefreshToken;
            }
            else if (grant == "authorization_code" && _codes.Remove(form["code"].ToString(), out var issued))
            {
                var verifier = form["code_verifier"].ToString();
                var challenge = Convert.ToBase64String(SHA256.HashData(Encoding.ASCII.GetBytes(verifier))).TrimEnd('=').Replace('+', '-').Replace('/', '_');
                ok = verifier.Length >= 43 && challenge == issued.Challenge && form["redirect_uri"] == issued.Redirect;
            }
        }

        if (!ok)
        {
            await TokenErrorAsync(ctx, "invalid_grant");
            return;
        }

        var access = "access-" + Guid.NewGuid().ToString("N");
        lock (_gate)
        {
            _accessTokens.Add(access);
        }

        await WriteJsonAsync(ctx, grant == "refresh_token"
            ? new Dictionary<string, object> { ["access_token"] = access, ["expires_in"] = 3599, ["token_type"] = "Bearer", ["scope"] = Escale.Relay.GoogleDrive.GoogleDriveSettings.DriveFileScope }
            : new Dictionary<string, object> { ["access_token"] = access, ["expires_in"] = 3599, ["token_type"] = "Bearer", ["scope"] = Escale.Relay.GoogleDrive.GoogleDriveSettings.DriveFileScope, ["refresh_token"] = RefreshToken });
    }

    private static async Task TokenErrorAsync(HttpContext ctx, string error)
    {
        ctx.Response.StatusCode = 400;
        await WriteJsonAsync(ctx, new { error });
    }
}
