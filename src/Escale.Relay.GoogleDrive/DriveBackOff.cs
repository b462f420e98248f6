using Google.Apis.Http;
using Google.Apis.Util;

namespace Escale.Relay.GoogleDrive;

/// <summary>
/// Google asks clients to back off exponentially on 403 userRateLimitExceeded, 429 and 5xx (Drive API
/// "Resolve errors"), so this retry lives in the HTTP layer (Google.Apis' BackOffHandler) rather than in
/// the store decorator: the decorator retries whole operations, this one only the same request.
/// The 403 reason is in the body, which BackOffHandler's synchronous predicate cannot read: we buffer
/// the (small) error body first, then let BackOffHandler wait and decide.
/// </summary>
internal sealed class DriveBackOff(TimeSpan delta, int maxRetries) : IHttpUnsuccessfulResponseHandler
{
    private readonly BackOffHandler _inner = new(new BackOffHandler.Initializer(new ExponentialBackOff(delta, maxRetries))
    {
        HandleUnsuccessfulResponseFunc = _ => true, // filtered below, where the body can be read
        MaxTimeSpan = TimeSpan.FromSeconds(32),
    });

    public async Task<bool> HandleResponseAsync(HandleUnsuccessfulResponseArgs args)
    {
        var response = args.Response;
        string? reason = null;
        if ((int)response.StatusCode == 403)
        {
            await response.Content.LoadIntoBufferAsync();
            reason = DriveErrors.ReasonOf(await response.Content.ReadAsStringAsync(args.CancellationToken));
        }

        return DriveErrors.IsRetryable(response.StatusCode, reason) && await _inner.HandleResponseAsync(args);
    }
}
