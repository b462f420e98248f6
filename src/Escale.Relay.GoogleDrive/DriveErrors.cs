using System.Net;
using System.Text.Json;

namespace Escale.Relay.GoogleDrive;

/// <summary>The one place where Drive's HTTP answers and transport failures become <see cref="RelayException"/> kinds.</summary>
internal static class DriveErrors
{
    /// <summary>Reasons of a 403 that mean "slow down", not "forbidden" (Drive API "Resolve errors" page).</summary>
    public static bool IsRateLimitReason(string? reason) =>
        reason is "userRateLimitExceeded" or "rateLimitExceeded" or "sharingRateLimitExceeded";

    /// <summary>Pure decision: which kind an HTTP status with Drive's error reason is.</summary>
    public static RelayErrorKind KindOf(HttpStatusCode status, string? reason) => (int)status switch
    {
        401 => RelayErrorKind.Authentication,
        403 when IsRateLimitReason(reason) => RelayErrorKind.Transient,
        403 when reason is "storageQuotaExceeded" or "quotaExceeded" => RelayErrorKind.QuotaExceeded,
        404 => RelayErrorKind.NotFound,
        408 or 429 => RelayErrorKind.Transient,
        >= 500 => RelayErrorKind.Transient,
        _ => RelayErrorKind.Permanent,
    };

    /// <summary>Whether the HTTP layer's exponential backoff should send the request again.</summary>
    public static bool IsRetryable(HttpStatusCode status, string? reason) =>
        (int)status is 429 or >= 500 || ((int)status == 403 && IsRateLimitReason(reason));

    /// <summary>The first <c>error.errors[].reason</c> (or <c>error.status</c>) of a Drive error body.</summary>
    public static string? ReasonOf(string body)
    {
        try
        {
            using var doc = JsonDocument.Parse(body);
            if (!doc.RootElement.TryGetProperty("error", out var error) || error.ValueKind != JsonValueKind.Object)
            {
                return null;
            }

            if (error.TryGetProperty("errors", out var errors) && errors.ValueKind == JsonValueKind.Array)
            {
                foreach (var e in errors.EnumerateArray())
                {
                    if (e.TryGetProperty("reason", out var r) && r.ValueKind == JsonValueKind.String)
                    {
                        return r.GetString();
                    }
                }
            }

            return error.TryGetProperty("status", out var s) && s.ValueKind == JsonValueKind.String ? s.GetString() : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    public static async Task<RelayException> FromResponseAsync(HttpResponseMessage response, string what, CancellationToken cancellationToken)
    {
        var body = "";
        try
        {
            body = await response.Content.ReadAsStringAsync(cancellationToken);
        }
        catch (HttpRequestException)
        {
        }

        var reason = ReasonOf(body);
        var kind = KindOf(response.StatusCode, reason);
        var retryAfter = response.Headers.RetryAfter?.Delta;
        return new RelayException(kind, $"Google Drive: {what}: HTTP {(int)response.StatusCode}{(reason is null ? "" : " " + reason)}")
        {
            RetryAfter = retryAfter,
        };
    }

    /// <summary>Transport failures: resets and timeouts are transient; our own cancellation passes through.</summary>
    public static Exception FromException(Exception e, string what, CancellationToken cancellationToken) => e switch
    {
        RelayException => e,
        OperationCanceledException when cancellationToken.IsCancellationRequested => e,
        OperationCanceledException => new RelayException(RelayErrorKind.Transient, $"Google Drive: {what}: timed out", e),
        HttpRequestException or IOException => new RelayException(RelayErrorKind.Transient, $"Google Drive: {what}: {e.Message}", e),
        Google.Apis.Auth.OAuth2.Responses.TokenResponseException t => new RelayException(RelayErrorKind.Authentication,
            $"Google Drive: {what}: the token was refused ({t.Error?.Error}); run 'escale -i' to authorize again", e),
        JsonException => new RelayException(RelayErrorKind.Permanent, $"Google Drive: {what}: malformed answer", e),
        _ => e,
    };
}
