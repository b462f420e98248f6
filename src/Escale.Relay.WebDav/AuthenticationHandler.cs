using System.Net;
using System.Net.Http.Headers;
using System.Text;

namespace Escale.Relay.WebDav;

/// <summary>
/// Basic and Digest without the extra round trip per request that HttpClient's own handler costs:
/// the first 401 tells the scheme, after which every request carries the answer up front (Basic is the
/// fixed header; Digest reuses the nonce with a growing count). A 401 is answered again once when the
/// request can be re-sent (stale nonce, first contact); otherwise it goes up as the server's answer.
/// </summary>
internal sealed class AuthenticationHandler(HttpMessageHandler inner, string? user, string? password) : DelegatingHandler(inner)
{
    private volatile DigestChallenge? _digest;
    private volatile bool _basic;

    /// <summary>"Basic", "Digest MD5", ... or "none" (for the probe report).</summary>
    public string Scheme => _digest is { } d ? "Digest " + d.Algorithm : _basic ? "Basic" : "none";

    public bool HasCredentials => user is not null && password is not null;

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        Authorize(request);
        var response = await base.SendAsync(request, cancellationToken);
        if (response.StatusCode != HttpStatusCode.Unauthorized || !HasCredentials)
        {
            return response;
        }

        var hadAnswer = request.Headers.Authorization is not null;
        var learned = Learn(response);
        var canResend = request.Content is null || (request.Content is UploadContent u && u.CanRewind) || request.Content is ByteArrayContent;
        if (!learned || !canResend || (hadAnswer && _digest is not { Stale: true }))
        {
            return response; // wrong credentials (or a scheme we do not speak): the caller says so
        }

        response.Dispose();
        Authorize(request);
        return await base.SendAsync(request, cancellationToken);
    }

    private void Authorize(HttpRequestMessage request)
    {
        if (!HasCredentials)
        {
            return;
        }

        if (_digest is { } digest)
        {
            var target = request.RequestUri!.PathAndQuery;
            request.Headers.Authorization = AuthenticationHeaderValue.Parse(digest.Answer(user!, password!, request.Method.Method, target));
        }
        else if (_basic)
        {
            var token = Convert.ToBase64String(Encoding.UTF8.GetBytes(user + ":" + password));
            request.Headers.Authorization = new AuthenticationHeaderValue("Basic", token);
        }
    }

    private bool Learn(HttpResponseMessage response)
    {
        DigestChallenge? best = null;
        var basic = false;
        foreach (var challenge in response.Headers.WwwAuthenticate)
        {
            if (challenge.Scheme.Equals("Digest", StringComparison.OrdinalIgnoreCase) && challenge.Parameter is { } p
                && DigestChallenge.Parse(p) is { } d && (best is null || d.Strength > best.Strength))
            {
                best = d;
            }
            else if (challenge.Scheme.Equals("Basic", StringComparison.OrdinalIgnoreCase))
            {
                basic = true;
            }
        }

        // Digest first: it never shows the password to the server.
        if (best is not null)
        {
            _digest = best;
            return true;
        }

        if (basic && !_basic)
        {
            _basic = true;
            return true;
        }

        return false;
    }
}
